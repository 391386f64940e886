using IronSealing;
using Microsoft.Extensions.Options;

namespace SessionApp.Session;

/// <summary>
/// The cookie plumbing around the seal: which attributes the session cookie carries, and how it is
/// written, read back and cleared. In the tutorial, iron-session does all of this; here you write it.
/// </summary>
public sealed partial class SessionCookies(SessionSeals seals, IOptions<IronSessionOptions> options, ILogger<SessionCookies> logger, SessionMetrics metrics)
{
    /// <summary>Browsers may drop a cookie whose Set-Cookie is longer than this (RFC 6265 asks them to keep at least 4096 bytes).</summary>
    public const int MaxSetCookieBytes = 4096;

    private IronSessionOptions Options => options.Value;

    /// <summary>The attributes iron-session gives its cookie: HttpOnly, SameSite=Lax, Path=/, Max-Age, Secure.</summary>
    public CookieOptions CreateCookieOptions()
    {
        // <stub-step03-cookie-options>
        // TODO: Step 03, task 2: give the session cookie its attributes (steps/03-store/README.md#task-2).
        return new CookieOptions();
        // </stub-step03-cookie-options>
    }

    /// <summary>
    /// Seals the session into the session cookie, for <paramref name="lifetime"/> (the whole <see cref="IronSessionOptions.TimeToLive"/>
    /// at login). Returns why not, when the cookie would be too big to keep.
    /// </summary>
    public string? Write(HttpResponse response, SessionState session, TimeSpan lifetime)
    {
        var seal = seals.Seal(session, lifetime);
        var cookieOptions = CreateCookieOptions();
        if (lifetime < Options.TimeToLive)
        {
            // A session sealed again while in use keeps its login time: its cookie lives only as long as it has left.
            cookieOptions.MaxAge = lifetime - IronSealer.ClockSkew;
        }

        // <stub-step03-append-cookie>
        // TODO: Step 03, task 1: send the seal as the session cookie, unless its Set-Cookie would pass MaxSetCookieBytes.
        throw new NotImplementedException(
            "Step 03, task 1: append the seal as the session cookie, or return why not when its Set-Cookie would pass 4096 bytes; see steps/03-store/README.md#task-1");
        // </stub-step03-append-cookie>
    }

    /// <summary>The session in the request's session cookie, or null (with the reason logged) when there is none or it cannot be trusted.</summary>
    public SessionState? Read(HttpRequest request)
    {
        // Two cookies of this name means one was planted (cookie tossing): trust neither.
        if (HasPlantedCookie(request, Options.CookieName))
        {
            Reject(new SessionSeals.Rejection(SessionMetrics.Reasons.PlantedCookie, "the request carries more than one session cookie (one may be planted by a sibling site)"));
            return null;
        }

        // <stub-step04-read-cookie>
        // TODO: Step 04, task 1: read the session cookie and open it; anything wrong means no session.
        throw new NotImplementedException(
            "Step 04, task 1: read the session cookie, open it with SessionSeals, and return null (after Reject) for any bad cookie; see steps/04-read/README.md#task-1");
        // </stub-step04-read-cookie>
    }

    /// <summary>
    /// Whether the request carries more than one cookie whose name is the session cookie's, in any case. A sibling
    /// subdomain can set one for the parent domain; the browser then sends both, and ASP.NET Core keeps only one.
    /// </summary>
    private static bool HasPlantedCookie(HttpRequest request, string cookieName)
    {
        // <stub-step04-planted-cookie>
        // TODO: Step 04, task 2: answer true when more than one cookie has the session cookie's name, in any case (steps/04-read/README.md#task-2).
        return false;
        // </stub-step04-planted-cookie>
    }

    /// <summary>
    /// Records why a cookie counts as no session: the browser is told nothing, the operator is. Counted in the
    /// <c>session.cookie.rejected</c> metric under the reason's tag, and logged at Debug only, so a flood of bad
    /// cookies costs a counter, not a log line each.
    /// </summary>
    public void Reject(SessionSeals.Rejection reason)
    {
        metrics.CookieRejected(reason.Failure);
        LogRejected(logger, Options.CookieName, reason.Text);
    }

    /// <summary>Tells the browser to forget the session cookie, with the same attributes it was set with.</summary>
    public void Clear(HttpResponse response)
    {
        // <stub-step05-clear-cookie>
        // TODO: Step 05, task 1: tell the browser to drop the session cookie.
        throw new NotImplementedException(
            "Step 05, task 1: send the session cookie back empty and already expired, with the attributes it was set with; see steps/05-destroy/README.md#task-1");
        // </stub-step05-clear-cookie>
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session cookie {CookieName} treated as no session: {Reason}")]
    private static partial void LogRejected(ILogger logger, string cookieName, string reason);
}
