using System.Security.Cryptography;
using System.Text.Json;
using IronSealing;
using Microsoft.Extensions.Options;
using SessionApp.Session;

namespace SessionApp.Login;

/// <summary>
/// Device cookies, OWASP's answer to lockout ("slow down online guessing attacks with device cookies"): each successful
/// login gives the browser a cookie, sealed like the session (the username and a random nonce), that says "this
/// user has logged in from here". A login attempt that brings one for its username is counted against that cookie
/// alone, so an attacker's failures for the username lock out attackers, never a browser the user has used.
/// HttpOnly, SameSite=Strict, 30 days; a logout leaves it, since it proves nothing but a past login.
/// </summary>
public sealed class DeviceCookies(IronSealer sealer, IOptions<IronSessionOptions> options)
{
    /// <summary>The cookie's name without Secure; with it, the name takes the <c>__Host-</c> prefix.</summary>
    public const string Name = "workshop_device";

    /// <summary>How long a browser keeps its device cookie.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private const string UserField = "u";
    private const string NonceField = "n";

    /// <summary>The name the cookie has here: <c>__Host-workshop_device</c> when Secure, so no other host can set it.</summary>
    public string CookieName => options.Value.Secure ? IronSessionOptions.HostPrefix + Name : Name;

    /// <summary>The nonce of the request's device cookie when it opens and was given to this username (in any case); else null.</summary>
    public string? Nonce(HttpRequest request, string username)
    {
        if (!request.Cookies.TryGetValue(CookieName, out var cookie) || cookie.Length > SessionCookies.MaxSetCookieBytes)
        {
            return null;
        }

        var opened = sealer.Unseal(cookie);
        using var json = opened.Success ? JsonFields.Parse(opened.Json) : null;
        if (json is null || json.RootElement.ValueKind != JsonValueKind.Object
            || JsonFields.Text(json.RootElement, UserField, required: true, out var user) is not null
            || JsonFields.Text(json.RootElement, NonceField, required: true, out var nonce) is not null)
        {
            return null;
        }

        return string.Equals(user, username, StringComparison.OrdinalIgnoreCase) && SessionState.IsSessionId(nonce) ? nonce : null;
    }

    /// <summary>Gives the browser a device cookie for the username, with a new random nonce.</summary>
    public void Issue(HttpResponse response, string username)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { [UserField] = username, [NonceField] = nonce });
        response.Cookies.Append(CookieName, sealer.Seal(json, Lifetime), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = options.Value.Secure,
            Path = "/",
            MaxAge = Lifetime - IronSealer.ClockSkew,
        });
    }
}
