using System.Buffers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace IronSealing.AspNetCore;

/// <summary>
/// Reads iron-session's sealed cookie into <c>HttpContext.User</c>, and writes and clears it on
/// <c>SignInAsync</c> and <c>SignOutAsync</c>. Anything wrong with the cookie (two of them, too long, a seal that does
/// not open, JSON without a user) is no user, never an error; the reason is logged at Debug.
/// </summary>
public sealed partial class IronSessionAuthenticationHandler(
    IOptionsMonitor<IronSessionAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : SignInAuthenticationHandler<IronSessionAuthenticationOptions>(options, logger, encoder)
{
    /// <summary>Where the opened session waits for a sign-out in the same request (a parameter: never serialized).</summary>
    private const string SessionParameter = "IronSealing.AspNetCore.Session";

    private new IronSessionEvents Events => (IronSessionEvents)base.Events!;

    /// <inheritdoc />
    protected override Task<object> CreateEventsAsync() => Task.FromResult<object>(new IronSessionEvents());

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var name = Options.EffectiveCookieName;

        // The raw header, and names in any case: a second cookie of this name is a planted one (cookie tossing), and
        // Request.Cookies would quietly keep only one of them.
        var values = new List<string>();
        if (CookieHeaderValue.TryParseList([.. Request.Headers.Cookie.OfType<string>()], out var cookies))
        {
            values.AddRange(cookies.Where(c => string.Equals(c.Name.Value, name, StringComparison.OrdinalIgnoreCase)).Select(c => c.Value.Value ?? string.Empty));
        }

        if (values.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (values.Count > 1)
        {
            return Refuse($"the request carries {values.Count} cookies named {name} (in any case): a planted one cannot be told from the real one");
        }

        if (values[0].Length > IronSessionDefaults.MaxSetCookieBytes)
        {
            return Refuse($"the cookie is {values[0].Length} characters, longer than any this scheme sets");
        }

        var opened = Options.Sealer!.Unseal(Uri.UnescapeDataString(values[0]));
        if (!opened.Success)
        {
            return Refuse(opened.Reason ?? "the seal does not open");
        }

        JsonElement session;
        try
        {
            using var document = JsonDocument.Parse(opened.Json);
            session = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Refuse("the seal holds no JSON");
        }

        if (session.ValueKind != JsonValueKind.Object || !session.TryGetProperty(Options.SessionKey, out var user) || user.ValueKind != JsonValueKind.Object)
        {
            return AuthenticateResult.NoResult(); // a session without a user: logged out
        }

        var identity = new ClaimsIdentity(IronSessionClaims.FromUser(user, ClaimsIssuer), Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        var properties = new AuthenticationProperties { ExpiresUtc = opened.ExpiresAt };
        properties.SetParameter<JsonElement?>(SessionParameter, session);
        var context = new IronSessionValidatePrincipalContext(Context, Scheme, Options, new ClaimsPrincipal(identity), properties, session);
        await Events.ValidatePrincipal(context);
        if (context.Rejected || context.Principal is null)
        {
            if (context.ClearCookie)
            {
                ClearCookie();
            }

            return Refuse("OnValidatePrincipal rejected the session (revoked, or idle too long)");
        }

        if (context.ShouldRenew)
        {
            // The session as it was read (its other fields kept), with the user from the principal as it is now.
            properties.ExpiresUtc = TimeProvider.GetUtcNow() + Options.TimeToLive;
            var renewed = System.Text.Json.Nodes.JsonNode.Parse(session.GetRawText())!.AsObject();
            renewed[Options.SessionKey] = SessionOf(context.Principal)[Options.SessionKey]!.DeepClone();
            WriteSession(renewed, properties.ExpiresUtc.Value);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(context.Principal, context.Properties, Scheme.Name));
    }

    /// <inheritdoc />
    protected override async Task HandleSignInAsync(ClaimsPrincipal user, AuthenticationProperties? properties)
    {
        ArgumentNullException.ThrowIfNull(user);
        var session = SessionOf(user);
        var context = new IronSessionSigningInContext(Context, Scheme, Options, user, properties, session);
        await Events.SigningIn(context);
        WriteSession(context.Session, context.Properties.ExpiresUtc ?? TimeProvider.GetUtcNow() + Options.TimeToLive);
    }

    /// <inheritdoc />
    protected override async Task HandleSignOutAsync(AuthenticationProperties? properties)
    {
        var current = await HandleAuthenticateOnceSafeAsync();
        var session = current.Succeeded ? current.Properties?.GetParameter<JsonElement?>(SessionParameter) : null;
        await Events.SigningOut(new IronSessionSigningOutContext(Context, Scheme, Options, properties, session));
        ClearCookie();
    }

    /// <summary>An API call gets 401; a page is redirected to the login page, with the way back.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Options.IsApiRequest(Request))
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var back = properties?.RedirectUri ?? OriginalPathBase + OriginalPath + Request.QueryString;
        var login = OriginalPathBase + Options.LoginPath + QueryString.Create(Options.ReturnUrlParameter, back);
        await Events.RedirectToLogin(new RedirectContext<IronSessionAuthenticationOptions>(Context, Scheme, Options, properties ?? new(), login));
    }

    /// <summary>The session a sign-in seals: <c>{"user": {...}}</c>, the user from the principal's claims.</summary>
    private System.Text.Json.Nodes.JsonObject SessionOf(ClaimsPrincipal user)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            IronSessionClaims.WriteUser(writer, user);
        }

        return new System.Text.Json.Nodes.JsonObject { [Options.SessionKey] = System.Text.Json.Nodes.JsonNode.Parse(buffer.WrittenSpan) };
    }

    private void WriteSession(System.Text.Json.Nodes.JsonObject session, DateTimeOffset expiresAt)
    {
        var name = Options.EffectiveCookieName;
        var seal = Options.Sealer!.Seal(JsonSerializer.SerializeToUtf8Bytes(session), expiresAt);
        var cookie = CookieOptions();
        cookie.MaxAge = expiresAt - TimeProvider.GetUtcNow() - IronSealer.ClockSkew;
        var header = cookie.CreateCookieHeader(name, Uri.EscapeDataString(seal)).ToString();
        if (header.Length > IronSessionDefaults.MaxSetCookieBytes)
        {
            throw new InvalidOperationException($"The session needs a {header.Length}-byte Set-Cookie, over the {IronSessionDefaults.MaxSetCookieBytes} bytes every browser keeps: sign in with fewer or shorter claims.");
        }

        Response.Cookies.Append(name, seal, cookie);
    }

    private void ClearCookie()
    {
        var cookie = CookieOptions();
        cookie.MaxAge = TimeSpan.Zero;
        cookie.Expires = DateTimeOffset.UnixEpoch;
        Response.Cookies.Append(Options.EffectiveCookieName, string.Empty, cookie);
    }

    private CookieOptions CookieOptions() => new()
    {
        HttpOnly = true,
        Secure = Options.Secure == true,
        SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax,
        Path = "/",
    };

    private AuthenticateResult Refuse(string reason)
    {
        LogRefused(Logger, Scheme.Name, reason);
        return AuthenticateResult.Fail(reason);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Scheme}: no user, because {Reason}.")]
    private static partial void LogRefused(ILogger logger, string scheme, string reason);
}
