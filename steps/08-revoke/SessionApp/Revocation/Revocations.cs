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

    // <stub-step08-revoke>
    // TODO: Step 08, task 2: remember that this session logged out, until its seal would expire (steps/08-revoke/README.md#task-2).
    public Task RevokeAsync(SessionState session, CancellationToken cancellationToken) => Task.CompletedTask;
    // </stub-step08-revoke>

    // <stub-step08-check-revoked>
    // TODO: Step 08, task 2: answer true when this session logged out (steps/08-revoke/README.md#task-2).
    public Task<bool> IsRevokedAsync(SessionState session, CancellationToken cancellationToken) => Task.FromResult(false);
    // </stub-step08-check-revoked>

    // <stub-step08-end-all>
    // TODO: Step 08, task 3: end every session of this user begun so far (steps/08-revoke/README.md#task-3).
    public Task EndAllAsync(long userId, TimeSpan keepFor, CancellationToken cancellationToken) => Task.CompletedTask;
    // </stub-step08-end-all>

    // <stub-step08-check-version>
    // TODO: Step 08, task 3: answer true when "log out everywhere" ended this session (steps/08-revoke/README.md#task-3).
    public Task<bool> IsEndedAsync(SessionState session, CancellationToken cancellationToken) => Task.FromResult(false);
    // </stub-step08-check-version>
}
