using IronSealing;
using Microsoft.Extensions.Options;

namespace SessionApp.Session;

/// <summary>
/// The cookie plumbing around the seal: which attributes the session cookie carries, and how it is
/// written, read back and cleared. In the tutorial, iron-session does all of this; here you write it.
/// </summary>
public sealed class SessionCookies(IronSealer sealer, IOptions<IronSessionOptions> options)
{
    /// <summary>Browsers may drop a cookie whose Set-Cookie is longer than this (RFC 6265 asks them to keep at least 4096 bytes).</summary>
    public const int MaxSetCookieBytes = 4096;

    private IronSessionOptions Options => options.Value;

    /// <summary>The attributes iron-session gives its cookie: HttpOnly, SameSite=Lax, Path=/, Max-Age, Secure.</summary>
    public CookieOptions CreateCookieOptions()
    {
        return new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            // iron-session lets the cookie die 60 s before the seal does, so a browser never sends an expired seal.
            MaxAge = Options.TimeToLive - IronSealer.ClockSkew,
            Secure = Options.Secure,
        };
    }

    /// <summary>
    /// Seals the session into the session cookie, until its <see cref="SessionState.ExpiresAt"/> (at login, now plus the
    /// whole <see cref="IronSessionOptions.TimeToLive"/>). Returns why not, when the cookie would be too big to keep.
    /// </summary>
    public string? Write(HttpResponse response, SessionState session, DateTimeOffset now)
    {
        var expiresAt = session.ExpiresAt ?? throw new ArgumentException("A session is sealed until its ExpiresAt, which is not set.", nameof(session));
        var seal = sealer.Seal(session.ToJson(), expiresAt);
        var cookieOptions = CreateCookieOptions();
        if (expiresAt - now < Options.TimeToLive)
        {
            // A session sealed again while in use keeps its login time: its cookie lives only as long as it has left.
            cookieOptions.MaxAge = expiresAt - now - IronSealer.ClockSkew;
        }

        // Measure exactly what Append will send: it percent-encodes the value ('*' becomes %2A).
        var header = cookieOptions.CreateCookieHeader(Options.CookieName, Uri.EscapeDataString(seal)).ToString();
        if (header.Length > MaxSetCookieBytes)
        {
            return $"The session would need a {header.Length}-byte cookie, over the {MaxSetCookieBytes}-byte limit browsers keep. Store less in the session.";
        }

        response.Cookies.Append(Options.CookieName, seal, cookieOptions);
        return null;
    }

    /// <summary>
    /// The session in the request's session cookie, or null when there is none or it cannot be trusted: then
    /// <paramref name="rejection"/> says why (null when there is simply no cookie). The browser is told nothing.
    /// </summary>
    public SessionState? Read(HttpRequest request, out SessionRejection? rejection)
    {
        // Two cookies of this name means one was planted (cookie tossing): trust neither.
        if (HasPlantedCookie(request, Options.CookieName))
        {
            rejection = new SessionRejection(SessionMetrics.Reasons.PlantedCookie, "the request carries more than one session cookie, or one whose name is spelled in another case (planted by a sibling site, perhaps)");
            return null;
        }

        if (!request.Cookies.TryGetValue(Options.CookieName, out var cookie))
        {
            rejection = null;
            return null;
        }

        var opened = Open(cookie);
        rejection = opened.Rejection;
        return opened.Session;
    }

    /// <summary>
    /// Opens a cookie's seal with the sealing library, then reads the session in its JSON: the session, or why there
    /// is none. Never throws for bad input: a cookie is whatever the browser sends.
    /// </summary>
    private OpenedSession Open(string cookie)
    {
        // No cookie this app sets is longer than its Set-Cookie limit; a longer one is refused before any parsing, so
        // a 30,000-character cookie costs a length check, not a split into 30,000 pieces.
        if (cookie.Length > MaxSetCookieBytes)
        {
            return OpenedSession.Refused(SessionMetrics.Reasons.TooLong, $"the cookie has {cookie.Length} characters, more than any session cookie this app sets");
        }

        var opened = sealer.Unseal(cookie, SessionState.Read);
        return opened.Success
            ? opened.Value!
            : OpenedSession.Refused(SessionMetrics.Reasons.Of(opened.Failure), opened.Reason!);
    }

    /// <summary>
    /// Whether the request carries a session cookie this app did not set: more than one cookie of the session cookie's
    /// name, or one whose name matches it only when case is ignored. A sibling subdomain can set one for the parent
    /// domain; the browser then sends both, and ASP.NET Core keeps only one, matching names in any case.
    /// </summary>
    private static bool HasPlantedCookie(HttpRequest request, string cookieName)
    {
        // Read as spans, on every request: the header is looked at in place, nothing is copied.
        var named = 0;
        foreach (var header in request.Headers.Cookie)
        {
            var text = header.AsSpan();
            foreach (var range in text.Split(';'))
            {
                var pair = text[range];
                var equals = pair.IndexOf('=');
                var name = (equals < 0 ? pair : pair[..equals]).Trim();
                if (name.Equals(cookieName, StringComparison.OrdinalIgnoreCase))
                {
                    // The framework reads __HOST-workshop_auth as __Host-workshop_auth; this app never sets that spelling.
                    if (!name.Equals(cookieName, StringComparison.Ordinal))
                    {
                        return true;
                    }

                    named++;
                }
            }
        }

        return named > 1;
    }

    /// <summary>Tells the browser to forget the session cookie, with the same attributes it was set with.</summary>
    public void Clear(HttpResponse response)
    {
        var cookieOptions = CreateCookieOptions();
        cookieOptions.MaxAge = TimeSpan.Zero;
        cookieOptions.Expires = DateTimeOffset.UnixEpoch;
        response.Cookies.Append(Options.CookieName, string.Empty, cookieOptions);
    }
}
