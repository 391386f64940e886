using System.Security.Cryptography;
using IronSealing;
using Microsoft.Extensions.Options;

namespace SessionApp.Session;

/// <summary>
/// A session's life beyond the cookie: begun at login, read on every request (is it still allowed?), ended by logout.
/// <see cref="SessionCookies"/> carries it in the browser; <see cref="Revocations"/> lets the server end it early.
/// </summary>
public sealed partial class Sessions(
    SessionCookies cookies, Revocations revocations, IOptions<IronSessionOptions> options, TimeProvider time, ILogger<Sessions> logger)
{
    /// <summary>A session in use is sealed again, to record that it was seen, at most this often.</summary>
    public static readonly TimeSpan SealAgainAfter = TimeSpan.FromMinutes(1);

    private IronSessionOptions Options => options.Value;

    /// <summary>
    /// Begins a new session for the user: a new id, the login time, the user's session version. A cookie the browser
    /// brought (planted before login, say) is replaced, never reused. Returns why not when the cookie would be too big.
    /// </summary>
    /// <exception cref="RevocationsUnavailableException">The revocation list cannot be read.</exception>
    public async Task<string?> BeginAsync(HttpResponse response, SessionUser user, CancellationToken cancellationToken)
    {
        var version = await Guard(async () =>
        {
            var current = await revocations.VersionAsync(user.Id, cancellationToken);
            if (current > 0)
            {
                // The version must outlive every session sealed with it, or once it expired "log out everywhere" would
                // count from 0 again and miss the sessions sealed with 1: each new session keeps it for its own lifetime.
                await revocations.SetVersionAsync(user.Id, current, Options.TimeToLive + IronSealer.ClockSkew, cancellationToken);
            }

            return current;
        }, "read the user's session version");
        var now = time.GetUtcNow();
        var session = new SessionState(user, NewSessionId(), now, now, version, now + Options.TimeToLive);
        return cookies.Write(response, session, Options.TimeToLive);
    }

    /// <summary>A new session's id.</summary>
    private static string? NewSessionId()
    {
        // <stub-step08-session-id>
        // TODO: Step 08, task 1: give every new session an id nobody can guess (steps/08-revoke/README.md#task-1).
        return null;
        // </stub-step08-session-id>
    }

    /// <summary>
    /// The request's session, or null when there is none or it may no longer be used: a bad cookie, idle too long,
    /// logged out, ended by "log out everywhere", or the revocation list cannot be read (fail closed). Each reason is
    /// logged and counted. A session in use is sealed again at most once a minute, keeping its id and login time.
    /// </summary>
    public async Task<SessionState?> ReadAsync(HttpContext context)
    {
        var session = cookies.Read(context.Request);
        if (session is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        SessionSeals.Rejection? rejection;
        try
        {
            rejection = await CheckAsync(session, now, context.RequestAborted);
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            rejection = new(SessionMetrics.Reasons.RevocationsUnavailable, $"the revocation list cannot be read ({e.GetType().Name}: {e.Message})");
        }

        if (rejection is not null)
        {
            cookies.Reject(rejection);
            return null;
        }

        var idleTimeout = Options.IdleTimeout;
        if (idleTimeout > TimeSpan.Zero && session.SeenAt is { } last && now - last >= SealAgainAfter && session.ExpiresAt is { } expires)
        {
            // Seal it again as seen now: same id, same login time, same expiry (the absolute lifetime is never extended).
            var left = expires - now;
            if (left > IronSealer.ClockSkew + SealAgainAfter)
            {
                session = session with { SeenAt = now };
                cookies.Write(context.Response, session, left);
            }
        }

        return session;
    }

    /// <summary>Why a session that opened may no longer be used: idle too long, logged out, or ended everywhere; null when it may.</summary>
    /// <exception cref="Exception">Whatever the revocation list throws when it cannot be reached.</exception>
    private async Task<SessionSeals.Rejection?> CheckAsync(SessionState session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var idleTimeout = Options.IdleTimeout;
        if (idleTimeout > TimeSpan.Zero && session.SeenAt is { } seen && now - seen > idleTimeout)
        {
            return new(SessionMetrics.Reasons.Idle, $"the session was not used for over {idleTimeout}");
        }

        if (await revocations.IsRevokedAsync(session, cancellationToken))
        {
            return new(SessionMetrics.Reasons.Revoked, "the session was logged out");
        }

        return await revocations.IsEndedAsync(session, cancellationToken)
            ? new(SessionMetrics.Reasons.Ended, "the user logged out everywhere after this session began")
            : null;
    }

    /// <summary>
    /// Logs out: clears the browser's cookie, then revokes the session's id so a copy of the cookie is no session
    /// either. The cookie is cleared even when the revocation cannot be recorded (then this throws).
    /// </summary>
    /// <exception cref="RevocationsUnavailableException">The logout could not be recorded.</exception>
    public async Task EndAsync(HttpContext context)
    {
        var session = cookies.Read(context.Request);
        cookies.Clear(context.Response);
        // A seal that can no longer open (past its expiry and the clock skew) needs no revocation.
        if (session?.Id is not null && session.ExpiresAt is { } expires && expires + IronSealer.ClockSkew > time.GetUtcNow())
        {
            await Guard(async () =>
            {
                await revocations.RevokeAsync(session, context.RequestAborted);
                return true;
            }, "record the logout");
        }
    }

    /// <summary>
    /// Logs the user out everywhere: every session of theirs begun so far ends, on every device, and this browser's
    /// cookie is cleared. Returns false when the request has no session.
    /// </summary>
    /// <exception cref="RevocationsUnavailableException">It could not be recorded.</exception>
    public async Task<bool> EndAllAsync(HttpContext context)
    {
        // Only a session that may still be used can end the others; when the list cannot be read, that is a 503.
        var session = cookies.Read(context.Request);
        if (session is null)
        {
            return false;
        }

        // This browser logs out whatever happens next.
        cookies.Clear(context.Response);
        var rejection = await Guard(() => CheckAsync(session, time.GetUtcNow(), context.RequestAborted), "check the session");
        if (rejection is not null)
        {
            cookies.Reject(rejection);
            return false;
        }

        // The version must outlive every session it ends: the longest a session lives, and the minute a seal is still
        // accepted after its expiry.
        await Guard(async () =>
        {
            await revocations.EndAllAsync(session.User.Id, Options.TimeToLive + IronSealer.ClockSkew, context.RequestAborted);
            return true;
        }, "record the logout everywhere");
        return true;
    }

    private async Task<T> Guard<T>(Func<Task<T>> call, string what)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            LogUnavailable(logger, what, e);
            throw new RevocationsUnavailableException($"The app could not {what}: the revocation list cannot be reached.", e);
        }
    }

    // What a cache throws when it cannot be reached: StackExchange.Redis's RedisConnectionException (a RedisException),
    // RedisTimeoutException (a TimeoutException), a socket or I/O error. A bug is none of these: it stays a bug.
    private static bool IsStoreFailure(Exception e) =>
        e is StackExchange.Redis.RedisException or TimeoutException or System.Net.Sockets.SocketException or IOException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not {What}: the revocation list cannot be reached")]
    private static partial void LogUnavailable(ILogger logger, string what, Exception exception);
}

/// <summary>The revocation list (Redis, say) cannot be reached: the request gets a 503, never a 500.</summary>
public sealed class RevocationsUnavailableException(string message, Exception inner) : Exception(message, inner);
