using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace IronSealing.AspNetCore;

/// <summary>What happens along the way, for the app to change: set the delegates, or derive and override.</summary>
public class IronSessionEvents
{
    /// <summary>
    /// Called with each opened session before it becomes <c>HttpContext.User</c>: the place for a deny-list
    /// (<see cref="IronSessionValidatePrincipalContext.RejectPrincipal"/>) or an idle timeout
    /// (<see cref="IronSessionValidatePrincipalContext.ShouldRenew"/> seals it again with a new expiry).
    /// </summary>
    public Func<IronSessionValidatePrincipalContext, Task> OnValidatePrincipal { get; set; } = _ => Task.CompletedTask;

    /// <summary>Called when a page needs a user and there is none: redirects to <see cref="RedirectContext{T}.RedirectUri"/> by default.</summary>
    public Func<RedirectContext<IronSessionAuthenticationOptions>, Task> OnRedirectToLogin { get; set; } = context =>
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    };

    /// <summary>
    /// Called on <c>SignInAsync</c> before the session is sealed: <see cref="IronSessionSigningInContext.Session"/> holds
    /// the user already, and the app may add its own fields beside it (a session id for a deny-list, a login time).
    /// </summary>
    public Func<IronSessionSigningInContext, Task> OnSigningIn { get; set; } = _ => Task.CompletedTask;

    /// <summary>Called on <c>SignOutAsync</c> before the cookie is cleared: the place to revoke the session on the server.</summary>
    public Func<IronSessionSigningOutContext, Task> OnSigningOut { get; set; } = _ => Task.CompletedTask;

    /// <inheritdoc cref="OnSigningIn"/>
    public virtual Task SigningIn(IronSessionSigningInContext context) => OnSigningIn(context);

    /// <inheritdoc cref="OnSigningOut"/>
    public virtual Task SigningOut(IronSessionSigningOutContext context) => OnSigningOut(context);

    /// <inheritdoc cref="OnValidatePrincipal"/>
    public virtual Task ValidatePrincipal(IronSessionValidatePrincipalContext context) => OnValidatePrincipal(context);

    /// <inheritdoc cref="OnRedirectToLogin"/>
    public virtual Task RedirectToLogin(RedirectContext<IronSessionAuthenticationOptions> context) => OnRedirectToLogin(context);
}

/// <summary>An opened session on its way to becoming <c>HttpContext.User</c>.</summary>
public sealed class IronSessionValidatePrincipalContext : PrincipalContext<IronSessionAuthenticationOptions>
{
    /// <summary>Creates the context for the principal the seal held.</summary>
    public IronSessionValidatePrincipalContext(
        HttpContext context, AuthenticationScheme scheme, IronSessionAuthenticationOptions options, ClaimsPrincipal principal,
        AuthenticationProperties? properties, JsonElement session)
        : base(context, scheme, options, properties)
    {
        Principal = principal;
        Session = session;
    }

    /// <summary>The whole session as the seal holds it (the user, and any other field the app stores beside it).</summary>
    public JsonElement Session { get; }

    /// <summary>Set by <see cref="RejectPrincipal"/>: the request has no user.</summary>
    public bool Rejected { get; private set; }

    /// <summary>Set to seal the session again, with a full <see cref="IronSessionAuthenticationOptions.TimeToLive"/> from now.</summary>
    public bool ShouldRenew { get; set; }

    /// <summary>Whether <see cref="RejectPrincipal"/> also clears the cookie.</summary>
    public bool ClearCookie { get; private set; }

    /// <summary>The request has no user (a revoked or idle session); with <paramref name="clearCookie"/>, its cookie is cleared.</summary>
    public void RejectPrincipal(bool clearCookie = true)
    {
        Rejected = true;
        ClearCookie = clearCookie;
        Principal = null;
    }
}

/// <summary>A sign-in about to be sealed.</summary>
public sealed class IronSessionSigningInContext(
    HttpContext context, AuthenticationScheme scheme, IronSessionAuthenticationOptions options, ClaimsPrincipal principal,
    AuthenticationProperties? properties, System.Text.Json.Nodes.JsonObject session)
    : PrincipalContext<IronSessionAuthenticationOptions>(context, scheme, options, properties)
{
    /// <summary>The principal signing in (its claims are in <see cref="Session"/> already, as the user).</summary>
    public ClaimsPrincipal SigningInPrincipal { get; } = principal;

    /// <summary>The session as it will be sealed: <c>{"user": {...}}</c>, to add fields to beside the user.</summary>
    public System.Text.Json.Nodes.JsonObject Session { get; } = session;
}

/// <summary>A sign-out about to clear the cookie.</summary>
public sealed class IronSessionSigningOutContext(
    HttpContext context, AuthenticationScheme scheme, IronSessionAuthenticationOptions options, AuthenticationProperties? properties,
    JsonElement? session)
    : PropertiesContext<IronSessionAuthenticationOptions>(context, scheme, options, properties)
{
    /// <summary>The session being signed out, as its seal holds it; null when the request's cookie gave no user.</summary>
    public JsonElement? Session { get; } = session;
}
