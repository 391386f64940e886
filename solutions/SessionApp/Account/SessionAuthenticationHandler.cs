using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SessionApp.Session;

namespace SessionApp.Account;

/// <summary>
/// The session cookie as an authentication scheme: <c>HttpContext.User</c> comes from the session, and the framework's
/// <c>SignInAsync</c> and <c>SignOutAsync</c> begin and end one. Every call goes through <see cref="Sessions"/>, the
/// one place sessions are begun, read and ended since step 03, so what step 08 added there (the revocation list, the
/// idle timeout, a new id at every login) holds for the framework's routes too.
/// </summary>
public sealed class SessionAuthenticationHandler(
    IOptionsMonitor<SessionSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Sessions sessions)
    : SignInAuthenticationHandler<SessionSchemeOptions>(options, logger, encoder)
{
    /// <summary>Where the app begins, reads and ends sessions (step 03's), which this scheme goes through.</summary>
    public Sessions Sessions { get; } = sessions;

    // <step09-authenticate>
    /// <summary>Who is logged in: the request's session as a principal, or no result when there is none.</summary>
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Through Sessions, never the cookie alone: a session it refuses (logged out, idle, unreadable) is no user here.
        if (await Sessions.ReadAsync(Context) is not { } session)
        {
            return AuthenticateResult.NoResult();
        }

        return AuthenticateResult.Success(new AuthenticationTicket(SessionScheme.Principal(session.User, Scheme.Name), Scheme.Name));
    }
    // </step09-authenticate>

    /// <summary>A request that needs a user and has none: a page goes to the login page, an API call gets 401.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // <step09-challenge>
        // A script would follow a redirect and get the login page's HTML: an API call gets the status it can act on.
        if (Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }

        // A page: to the login page, with the way back (a local path: the login page must not follow it elsewhere).
        var back = OriginalPathBase + OriginalPath + Request.QueryString;
        Response.Redirect(OriginalPathBase + Options.LoginPath + QueryString.Create(Options.ReturnUrlParameter, back));
        return Task.CompletedTask;
        // </step09-challenge>
    }

    // <step09-sign-in>
    /// <summary>The framework's <c>SignInAsync</c>: begins a session for the principal's user, as step 07's login does.</summary>
    /// <exception cref="InvalidOperationException">The principal is not a session's user, or its session would not fit in a cookie.</exception>
    /// <exception cref="SessionsUnavailableException">A session feature's store cannot be reached.</exception>
    protected override async Task HandleSignInAsync(ClaimsPrincipal user, AuthenticationProperties? properties)
    {
        // Sessions.BeginAsync seals it, with what each feature adds (step 08's new id), and ends the browser's old session.
        var sessionUser = SessionScheme.User(user, out var problem)
            ?? throw new InvalidOperationException($"The principal is not a session's user: {problem}.");
        if (await Sessions.BeginAsync(Context, sessionUser, Context.RequestAborted) is { } tooBig)
        {
            throw new InvalidOperationException(tooBig);
        }
    }
    // </step09-sign-in>

    // <step09-sign-out>
    /// <summary>The framework's <c>SignOutAsync</c>: ends the request's session, as step 05's logout does.</summary>
    /// <exception cref="SessionsUnavailableException">The logout could not be recorded (the cookie is cleared all the same).</exception>
    protected override async Task HandleSignOutAsync(AuthenticationProperties? properties)
    {
        // Clears the cookie, and tells each feature: step 08's list revokes the session's id, so a copy opens nothing.
        await Sessions.EndAsync(Context);
    }
    // </step09-sign-out>
}
