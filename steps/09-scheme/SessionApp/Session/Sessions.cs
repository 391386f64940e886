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
        // The browser's previous session ends here, as at a logout, so a copy of its cookie (or a cookie someone planted)
        // does not outlive the new login: each feature that can end it does (step 08's revocation list).
        if (_features.Length > 0 && cookies.Read(context.Request, out _) is { } previous)
        {
            foreach (var feature in _features)
            {
                await feature.EndAsync(previous, cancellationToken);
            }
        }

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

    /// <summary>
    /// The request's session, or null when there is none or a feature refuses it (each reason logged and counted; a
    /// feature that cannot reach its store refuses too: fail closed). A session a feature renews is sealed again, with
    /// what is left of its lifetime (the absolute lifetime is never extended).
    /// </summary>
    public async Task<SessionState?> ReadAsync(HttpContext context)
    {
        var now = time.GetUtcNow();
        if (ReadCookie(context.Request, now) is not { } session)
        {
            return null;
        }

        var renewed = false;
        foreach (var feature in _features)
        {
            SessionCheck check;
            try
            {
                check = await feature.CheckAsync(session, now, context.RequestAborted);
            }
            catch (SessionsUnavailableException e)
            {
                check = SessionCheck.Refuse(SessionMetrics.Reasons.StoreUnavailable, e.Message);
            }

            if (check.Rejection is { } rejection)
            {
                metrics.CookieRejected(rejection);
                return null;
            }

            if (check.Renewed is { } renewal)
            {
                session = renewal;
                renewed = true;
            }
        }

        if (renewed && session.ExpiresAt is { } expires)
        {
            // The same expiry, to the millisecond, however long this request took; never later than a session begun now
            // would get (a seal from another app with the password may say year 9999).
            var latest = now + options.Value.TimeToLive;
            cookies.Write(context.Response, session with { ExpiresAt = expires < latest ? expires : latest }, now);
        }

        return session;
    }

    /// <summary>
    /// The session the request's cookie holds, before any feature has checked it: null when there is none or it did not
    /// open (why is logged and counted). For a route that runs the features' checks itself, as "log out everywhere" does.
    /// </summary>
    public SessionState? ReadCookie(HttpRequest request, DateTimeOffset now)
    {
        var session = cookies.Read(request, out var refused);
        if (session is not null && (session.IssuedAt > now + IronSealer.ClockSkew || session.SeenAt > now + IronSealer.ClockSkew))
        {
            // Only a holder of the password seals that (another app's wrong clock, or a session made to outlive its idle
            // timeout): beyond the clock skew servers may have, it is no session.
            refused = new SessionRejection(SessionMetrics.Reasons.FromTheFuture, "the session says it began or was used later than now");
            session = null;
        }

        if (session is null && refused is not null)
        {
            metrics.CookieRejected(refused);
        }

        return session;
    }

    /// <summary>
    /// Logs out: clears the browser's cookie, then tells each feature, so a copy of the cookie can be refused too (step
    /// 08). The cookie is cleared even when a feature cannot record the logout (then this throws).
    /// </summary>
    /// <exception cref="SessionsUnavailableException">A feature could not record the logout.</exception>
    public async Task EndAsync(HttpContext context)
    {
        var session = cookies.Read(context.Request, out _);
        cookies.Clear(context.Response);
        if (session is null)
        {
            return;
        }

        foreach (var feature in _features)
        {
            await feature.EndAsync(session, context.RequestAborted);
        }
    }
}
