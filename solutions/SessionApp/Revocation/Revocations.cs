using System.Globalization;
using System.Text;
using IronSealing;
using Microsoft.Extensions.Caching.Distributed;
using SessionApp.Session;

namespace SessionApp.Revocation;

/// <summary>
/// What lets the server end a session before its seal expires (step 08): the ids of sessions that logged out, and
/// each user's session version, which "log out everywhere" raises. Kept in an <see cref="IDistributedCache"/>: in
/// this process's memory by default, in Redis when <c>Session:Redis</c> is set, so every instance sees every logout.
/// Every method may throw when the cache cannot be reached; <see cref="SessionRevocation"/> decides what that means.
/// </summary>
public sealed class Revocations(IDistributedCache cache)
{
    /// <summary>The cache key that says a session id was revoked.</summary>
    public static string RevokedKey(string sessionId) => $"session:revoked:{sessionId}";

    /// <summary>The cache key of a user's session version.</summary>
    public static string VersionKey(long userId) => $"session:version:{userId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A value for a key whose presence is what counts.</summary>
    public static readonly byte[] Present = [1];

    /// <summary>The user's session version: 0 until "log out everywhere" first raises it. Sealed into each new session.</summary>
    public async Task<long> VersionAsync(long userId, CancellationToken cancellationToken)
    {
        var stored = await cache.GetAsync(VersionKey(userId), cancellationToken);
        return stored is not null && long.TryParse(Encoding.ASCII.GetString(stored), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : 0;
    }

    /// <summary>Stores a user's session version, for as long as any session of theirs may live.</summary>
    public Task SetVersionAsync(long userId, long version, TimeSpan keepFor, CancellationToken cancellationToken) =>
        cache.SetAsync(VersionKey(userId), Encoding.ASCII.GetBytes(version.ToString(CultureInfo.InvariantCulture)),
            new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = keepFor }, cancellationToken);

    // <step08-revoke>
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
    // </step08-revoke>

    // <step08-check-revoked>
    /// <summary>Whether this session was logged out.</summary>
    public async Task<bool> IsRevokedAsync(SessionState session, CancellationToken cancellationToken)
    {
        return session.Id is not null && await cache.GetAsync(RevokedKey(session.Id), cancellationToken) is not null;
    }
    // </step08-check-revoked>

    // <step08-end-all>
    /// <summary>Ends every session of the user begun so far ("log out everywhere"): sessions sealed after this are not affected.</summary>
    public async Task EndAllAsync(long userId, TimeSpan keepFor, CancellationToken cancellationToken)
    {
        var version = await VersionAsync(userId, cancellationToken);
        await SetVersionAsync(userId, version + 1, keepFor, cancellationToken);
    }
    // </step08-end-all>

    // <step08-check-version>
    /// <summary>Whether "log out everywhere" ended this session: it was sealed with an older version than the user's.</summary>
    public async Task<bool> IsEndedAsync(SessionState session, CancellationToken cancellationToken)
    {
        return session.Version < await VersionAsync(session.User.Id, cancellationToken);
    }
    // </step08-check-version>
}
