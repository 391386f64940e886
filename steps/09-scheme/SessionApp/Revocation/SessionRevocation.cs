using System.Security.Cryptography;
using IronSealing;
using Microsoft.Extensions.Options;
using SessionApp.Session;

namespace SessionApp.Revocation;

/// <summary>
/// The revocation feature's part in every session (step 08), through <see cref="ISessionFeature"/>: each new session
/// gets an id nobody can guess; a read refuses a session that logged out, that "log out
/// everywhere" ended, or that was not used for <see cref="RevocationOptions.IdleTimeout"/>; a logout revokes the id.
/// A revocation list that cannot be reached refuses every session (fail closed) and makes logins and logouts a 503.
/// </summary>
public sealed class SessionRevocation(
    Revocations revocations, IOptions<IronSessionOptions> sessionOptions, IOptions<RevocationOptions> options, TimeProvider time,
    RevocationsAvailability availability) : ISessionFeature
{
    /// <summary>A session in use is sealed again, to record that it was seen, at most this often.</summary>
    public static readonly TimeSpan SealAgainAfter = TimeSpan.FromMinutes(1);

    /// <summary>The reasons this feature refuses a session, as <see cref="SessionMetrics.ReasonTag"/> values.</summary>
    public static class Reasons
    {
        /// <summary>The session's id was revoked by a logout.</summary>
        public const string Revoked = "revoked";

        /// <summary>"Log out everywhere" ended every session of the user begun before it.</summary>
        public const string Ended = "ended";

        /// <summary>The session was not used for longer than <see cref="RevocationOptions.IdleTimeout"/>.</summary>
        public const string Idle = "idle";
    }

    /// <summary>How long a "log out everywhere" time, and a revoked id, must be kept: as long as any seal may still open.</summary>
    private TimeSpan KeepFor => sessionOptions.Value.TimeToLive + IronSealer.ClockSkew;

    public async ValueTask<SessionState> BeginAsync(SessionState session, CancellationToken cancellationToken)
    {
        // A login writes nothing here, so it cannot undo a "log out everywhere" made at the same moment. It reads when
        // the user last logged out everywhere: a session begun in that same second counts as begun the second after,
        // or it would be ended at once. (A list that cannot be read makes the login a 503, as every read would fail.)
        var endedAt = await Guard(async () => await revocations.EndedAtAsync(session.User.Id, cancellationToken), "read the revocation list");
        var issuedAt = session.IssuedAt is { } at ? AfterEnded(at, endedAt) : session.IssuedAt;
        return session with { Id = NewSessionId(), IssuedAt = issuedAt, SeenAt = issuedAt };
    }

    /// <summary>A new session's id.</summary>
    private static string NewSessionId()
    {
        // 128 bits from the operating system's cryptographic generator: nobody can guess another session's id.
        return Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    }

    public async ValueTask<SessionCheck> CheckAsync(SessionState session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(session, now, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        // Seal it again as seen now: same id, same login time, same expiry (the absolute lifetime is never extended).
        var idleTimeout = options.Value.IdleTimeout;
        return idleTimeout > TimeSpan.Zero && session.SeenAt is { } last && now - last >= SealAgainAfter
            && session.ExpiresAt is { } expires && expires - now > IronSealer.ClockSkew + SealAgainAfter
            ? SessionCheck.Renew(session with { SeenAt = now })
            : SessionCheck.Accept;
    }

    /// <summary>Why a session that opened may no longer be used: idle too long, logged out, or ended everywhere; null when it may.</summary>
    /// <exception cref="SessionsUnavailableException">The revocation list cannot be read.</exception>
    public async Task<SessionCheck?> RefusalAsync(SessionState session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var idleTimeout = options.Value.IdleTimeout;
        if (idleTimeout > TimeSpan.Zero && session.SeenAt is { } seen && now - seen > idleTimeout)
        {
            return SessionCheck.Refuse(Reasons.Idle, $"the session was not used for over {idleTimeout}");
        }

        // Every read comes here: the store's failure is caught in place, not through Guard's closure.
        try
        {
            var refusal = await revocations.IsRevokedAsync(session, cancellationToken) ? SessionCheck.Refuse(Reasons.Revoked, "the session was logged out")
                : await revocations.IsEndedAsync(session, cancellationToken) ? SessionCheck.Refuse(Reasons.Ended, "the user logged out everywhere after this session began")
                : (SessionCheck?)null;
            availability.Answered();
            return refusal;
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            throw Unavailable("read the revocation list", e);
        }
    }

    public async ValueTask EndAsync(SessionState session, CancellationToken cancellationToken)
    {
        // A seal that can no longer open (past its expiry and the clock skew) needs no revocation.
        if (session.Id is not null && session.ExpiresAt is { } expires && expires + IronSealer.ClockSkew > time.GetUtcNow())
        {
            await Guard(async () =>
            {
                await revocations.RevokeAsync(session, cancellationToken);
                return true;
            }, "record the logout");
        }
    }

    /// <summary>Ends every session of the user begun so far, on every device ("log out everywhere").</summary>
    /// <exception cref="SessionsUnavailableException">It could not be recorded.</exception>
    public Task EndAllAsync(SessionState session, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            // A login in the second of the user's last "log out everywhere" counts as begun the second after (BeginAsync):
            // so a second one, still in that second, records that later second, or it would end none of those sessions.
            var now = AfterEnded(time.GetUtcNow(), await revocations.EndedAtAsync(session.User.Id, cancellationToken));
            await revocations.EndAllAsync(session.User.Id, now, KeepFor, cancellationToken);
            return true;
        }, "record the logout everywhere");

    /// <summary>
    /// The time, moved to the second after the user's last "log out everywhere" when it falls in that second or before
    /// (times compare in whole seconds): a login then begins after it, and another "log out everywhere" records later.
    /// </summary>
    private static DateTimeOffset AfterEnded(DateTimeOffset at, long? endedAt) =>
        endedAt is { } ended && at.ToUnixTimeSeconds() <= ended ? DateTimeOffset.FromUnixTimeSeconds(ended + 1) : at;

    private async Task<T> Guard<T>(Func<Task<T>> call, string what)
    {
        try
        {
            var result = await call();
            availability.Answered();
            return result;
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            throw Unavailable(what, e);
        }
        catch (RevocationListFullException e)
        {
            // Not an outage: reads still answer. The list said it once; this logout answers 503.
            throw new SessionsUnavailableException($"The app could not {what}: {e.Message}", e);
        }
    }

    private SessionsUnavailableException Unavailable(string what, Exception e)
    {
        availability.Failed(what, e);
        return new SessionsUnavailableException($"The app could not {what}: the revocation list cannot be reached ({e.GetType().Name}).", e);
    }

    // What a cache throws when it cannot be reached: StackExchange.Redis's RedisConnectionException (a RedisException),
    // RedisTimeoutException (a TimeoutException), a socket or I/O error, or the copy in memory not known to be current
    // (RedisRevocations). A bug is none of these: it stays a bug.
    private static bool IsStoreFailure(Exception e) =>
        e is StackExchange.Redis.RedisException or TimeoutException or System.Net.Sockets.SocketException or IOException
            or RevocationCopyNotCurrentException;
}
