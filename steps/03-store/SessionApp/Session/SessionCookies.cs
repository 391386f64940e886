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
        // <stub-step03-cookie-options>
        // TODO: Step 03, task 2: give the session cookie its attributes (steps/03-store/README.md#task-2).
        return new CookieOptions();
        // </stub-step03-cookie-options>
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

        // <stub-step03-append-cookie>
        // TODO: Step 03, task 1: send the seal as the session cookie, unless its Set-Cookie would pass MaxSetCookieBytes.
        throw new NotImplementedException(
            "Step 03, task 1: append the seal as the session cookie, or return why not when its Set-Cookie would pass 4096 bytes; see steps/03-store/README.md#task-1");
        // </stub-step03-append-cookie>
    }


}
