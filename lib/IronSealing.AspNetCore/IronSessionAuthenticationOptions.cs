using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace IronSealing.AspNetCore;

/// <summary>The scheme's settings. Give <see cref="Password"/> or <see cref="Passwords"/>; the rest has defaults.</summary>
public sealed class IronSessionAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>Creates the options with the scheme's events.</summary>
    public IronSessionAuthenticationOptions()
    {
        Events = new IronSessionEvents();
    }

    /// <summary>The password seals are made and opened with (at least 32 characters), as iron-session's <c>password</c>.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Passwords by id, for rotation, as iron-session's <c>password: { 2: "...", 1: "..." }</c>: seals are made with the
    /// highest id, and open with any. Used instead of <see cref="Password"/> when set.
    /// </summary>
    public IDictionary<string, string>? Passwords { get; set; }

    /// <summary>
    /// The cookie's name. Left null: <see cref="IronSessionDefaults.SecureCookieName"/> when the cookie is
    /// <c>Secure</c>, <see cref="IronSessionDefaults.CookieName"/> otherwise. A Next.js app that shares the cookie uses
    /// the same name. A name starting <c>__Host-</c> requires <see cref="Secure"/>.
    /// </summary>
    public string? CookieName { get; set; }

    /// <summary>Whether the cookie is <c>Secure</c> (HTTPS only). Left null: everywhere but the Development environment.</summary>
    public bool? Secure { get; set; }

    /// <summary>How long a session lasts from sign-in, as iron-session's <c>ttl</c> (14 days by default). The cookie's
    /// Max-Age is 60 seconds shorter, as iron-session makes it, so the browser never sends a seal that no longer opens.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The property of the session's JSON that holds the user (<see cref="IronSessionDefaults.SessionKey"/>).</summary>
    public string SessionKey { get; set; } = IronSessionDefaults.SessionKey;

    /// <summary>Where a page that needs a user sends a browser without one (with <see cref="ReturnUrlParameter"/>).</summary>
    public PathString LoginPath { get; set; } = new("/login");

    /// <summary>The query parameter that carries the page to return to after the login: <c>ReturnUrl</c>, as the framework's cookie scheme names it.</summary>
    public string ReturnUrlParameter { get; set; } = "ReturnUrl";

    /// <summary>
    /// Whether a request is an API call, answered 401 rather than redirected to <see cref="LoginPath"/>. By default, as
    /// the framework's cookie scheme decides since .NET 10: an endpoint marked <c>IAllowCookieRedirectMetadata</c> is a
    /// page, one marked <c>IDisableCookieRedirectMetadata</c> (minimal APIs that write JSON, <c>[ApiController]</c>) an
    /// API; and beyond it, a path under <c>/api</c> or a request that does not accept HTML is an API too.
    /// </summary>
    public Func<HttpRequest, bool> IsApiRequest { get; set; } = DefaultIsApiRequest;

    /// <summary>The events: <see cref="IronSessionEvents.OnValidatePrincipal"/> is where revocation and idle timeouts plug in.</summary>
    public new IronSessionEvents Events
    {
        get => (IronSessionEvents)base.Events!;
        set => base.Events = value;
    }

    /// <summary>The sealer made from the passwords (by the scheme's post-configuration).</summary>
    internal IronSealer? Sealer { get; set; }

    /// <summary>The cookie's name as the post-configuration settled it.</summary>
    internal string EffectiveCookieName => CookieName ?? (Secure == true ? IronSessionDefaults.SecureCookieName : IronSessionDefaults.CookieName);

    private static bool DefaultIsApiRequest(HttpRequest request)
    {
        var metadata = request.HttpContext.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAllowCookieRedirectMetadata>() is not null)
        {
            return false;
        }

        return metadata?.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IDisableCookieRedirectMetadata>() is not null
            || request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || !request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }
}
