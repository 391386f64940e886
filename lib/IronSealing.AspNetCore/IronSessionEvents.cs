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
