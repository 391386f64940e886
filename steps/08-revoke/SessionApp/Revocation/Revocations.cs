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
    public Task EndAllAsync(long userId, DateTimeOffset now, TimeSpan keepFor, CancellationToken cancellationToken) => Task.CompletedTask;
    // </stub-step08-end-all>

    // <stub-step08-check-ended>
    // TODO: Step 08, task 3: answer true when "log out everywhere" ended this session (steps/08-revoke/README.md#task-3).
    public Task<bool> IsEndedAsync(SessionState session, CancellationToken cancellationToken) => Task.FromResult(false);
    // </stub-step08-check-ended>
}
