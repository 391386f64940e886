using System.Security.Claims;
using System.Text.Json;
using IronSealing.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using SessionApp.Session;

namespace SessionApp.Account;

/// <summary>
/// The session as an ASP.NET Core authentication scheme (step 09): its name, its settings, and how a session's user
/// becomes a <see cref="ClaimsPrincipal"/> and back.
/// </summary>
public static class SessionScheme
{
    /// <summary>The scheme's name, as <c>[Authorize(AuthenticationSchemes = ...)]</c> and <c>SignInAsync(name, ...)</c> take it.</summary>
    public const string Name = "Session";

    /// <summary>Web JSON (camelCase), as <see cref="SessionState"/> seals the user.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The user's claims, mapped as the package IronSealing.AspNetCore maps a Next.js user (lib/IronSealing.AspNetCore):
    /// <c>id</c> is <see cref="ClaimTypes.NameIdentifier"/>, <c>username</c> is <see cref="ClaimTypes.Name"/> (so
    /// <c>User.Identity.Name</c> is the username), and every other field keeps its name (<c>fullName</c>).
    /// </summary>
    public static ClaimsPrincipal Principal(SessionUser user, string scheme = Name)
    {
        var claims = IronSessionClaims.FromUser(JsonSerializer.SerializeToElement(user, Json), scheme);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The session's user a principal's claims describe, or null (and why) when they are not one.</summary>
    public static SessionUser? User(ClaimsPrincipal principal, out string? problem)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            IronSessionClaims.WriteUser(writer, principal);
        }

        using var json = JsonDocument.Parse(buffer.ToArray());
        return SessionUser.From(json.RootElement, out problem);
    }
}

/// <summary>The scheme's settings: where a page that needs a user sends a browser without one.</summary>
public sealed class SessionSchemeOptions : AuthenticationSchemeOptions
{
    /// <summary>The login page (step 06's).</summary>
    public PathString LoginPath { get; set; } = Pages.PageEndpoints.LoginRoute;

    /// <summary>The query parameter that carries the page to come back to: <c>ReturnUrl</c>, as the framework's cookie scheme names it.</summary>
    public string ReturnUrlParameter { get; set; } = "ReturnUrl";
}
