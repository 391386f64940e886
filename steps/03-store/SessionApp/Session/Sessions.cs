using IronSealing;
using Microsoft.Extensions.Options;

namespace SessionApp.Session;

/// <summary>
/// A session's life: begun at login (the store route, later a password login), read on every request, ended by logout.
/// <see cref="SessionCookies"/> carries it in the browser. A feature that needs more from a session (step 08's
/// revocation list and idle timeout) takes part through <see cref="ISessionFeature"/>: each one registered runs here.
/// </summary>
public sealed class Sessions(
    SessionCookies cookies, IEnumerable<ISessionFeature> features, SessionMetrics metrics, IOptions<IronSessionOptions> options, TimeProvider time)
{
    private readonly ISessionFeature[] _features = [.. features];

    /// <summary>
    /// Begins a new session for the user, sealed for the whole <see cref="IronSessionOptions.TimeToLive"/>. A cookie the
    /// browser brought (planted before login, say) is replaced, never reused, and its session ends as at a logout.
    /// Returns why not when the cookie would be too big.
    /// </summary>
    /// <exception cref="SessionsUnavailableException">A feature's store cannot be reached.</exception>
    public async Task<string?> BeginAsync(HttpContext context, SessionUser user, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lifetime = options.Value.TimeToLive;
        var session = new SessionState(user, Id: null, IssuedAt: now, SeenAt: null, ExpiresAt: now + lifetime);
        foreach (var feature in _features)
        {
            session = await feature.BeginAsync(session, cancellationToken);
        }

        var tooBig = cookies.Write(context.Response, session, now);
        if (tooBig is null)
        {
            metrics.SessionBegun();
        }

        return tooBig;
    }


}
