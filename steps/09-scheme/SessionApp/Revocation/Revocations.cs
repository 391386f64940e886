using System.Globalization;
using System.Text;
using IronSealing;
using Microsoft.Extensions.Caching.Distributed;
using SessionApp.Session;

namespace SessionApp.Revocation;

/// <summary>
/// What lets the server end a session before its seal expires (step 08): the ids of sessions that logged out, and
/// the time each user last logged out everywhere. Kept in an <see cref="IDistributedCache"/>: in
/// this process's memory by default, in Redis when <c>Session:Redis</c> is set, so every instance sees every logout.
/// Every method may throw when the cache cannot be reached; <see cref="SessionRevocation"/> decides what that means.
/// </summary>
public sealed class Revocations(IDistributedCache cache)
{
    /// <summary>The cache key that says a session id was revoked.</summary>
    public static string RevokedKey(string sessionId) => $"session:revoked:{sessionId}";

    /// <summary>The cache key of the time a user last logged out everywhere.</summary>
    public static string EndedAtKey(long userId) => $"session:ended:{userId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A value for a key whose presence is what counts.</summary>
    public static readonly byte[] Present = [1];

    /// <summary>When the user last logged out everywhere, in Unix seconds; null when they never did (or it has expired).</summary>
    public async Task<long?> EndedAtAsync(long userId, CancellationToken cancellationToken)
    {
        var stored = await cache.GetAsync(EndedAtKey(userId), cancellationToken);
        return stored is not null && long.TryParse(Encoding.ASCII.GetString(stored), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : null;
    }

    /// <summary>Revokes one session: its cookie, wherever it was copied to, is no session from now on.</summary>
    public Task RevokeAsync(SessionState session, CancellationToken cancellationToken)
    {
        // Not an argument check that nullable annotations make redundant: a seal made without an id (SessionState.Id)
        // opens fine but has nothing to revoke by. SessionRevocation never passes one; this stops any other caller.
        ArgumentNullException.ThrowIfNull(session.Id);

        // Kept until the seal can no longer open (its expiry, plus the minute of clock skew the sealer allows): after
        // that the seal is refused anyway, so the list never grows without end.
        return cache.SetAsync(RevokedKey(session.Id), Present,
            new DistributedCacheEntryOptions { AbsoluteExpiration = session.ExpiresAt + IronSealer.ClockSkew }, cancellationToken);
    }

    /// <summary>Whether this session was logged out.</summary>
    public async Task<bool> IsRevokedAsync(SessionState session, CancellationToken cancellationToken)
    {
        return session.Id is not null && await cache.GetAsync(RevokedKey(session.Id), cancellationToken) is not null;
    }

    /// <summary>
    /// Ends every session of the user begun so far ("log out everywhere"): the time is kept for as long as a session
    /// begun before it could live. Only this writes it, so a login at the same moment cannot undo it.
    /// </summary>
    public Task EndAllAsync(long userId, DateTimeOffset now, TimeSpan keepFor, CancellationToken cancellationToken)
    {
        return cache.SetAsync(EndedAtKey(userId), Encoding.ASCII.GetBytes(now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = keepFor }, cancellationToken);
    }

    /// <summary>
    /// Whether "log out everywhere" ended this session: it began in the second of the user's last "log out everywhere"
    /// or before (a session with no login time, sealed elsewhere, counts as begun before).
    /// </summary>
    public async Task<bool> IsEndedAsync(SessionState session, CancellationToken cancellationToken)
    {
        return await EndedAtAsync(session.User.Id, cancellationToken) is { } endedAt
            && (session.IssuedAt?.ToUnixTimeSeconds() ?? long.MinValue) <= endedAt;
    }
}
