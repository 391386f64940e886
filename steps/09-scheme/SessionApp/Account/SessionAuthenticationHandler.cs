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

    // <stub-step09-authenticate>
    // TODO: Step 09, task 2: read the request's session through Sessions, as a principal (steps/09-scheme/README.md#task-2).
    /// <summary>Who is logged in: the request's session as a principal, or no result when there is none.</summary>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    // </stub-step09-authenticate>

    /// <summary>A request that needs a user and has none: a page goes to the login page, an API call gets 401.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // <stub-step09-challenge>
        // TODO: Step 09, task 3: send a page to the login page with the way back; answer an API call 401 (steps/09-scheme/README.md#task-3).
        return base.HandleChallengeAsync(properties);
        // </stub-step09-challenge>
    }

    // <stub-step09-sign-in>
    // TODO: Step 09, task 4: begin a session for the principal's user through Sessions (steps/09-scheme/README.md#task-4).
    /// <summary>The framework's <c>SignInAsync</c>: begins a session for the principal's user.</summary>
    protected override Task HandleSignInAsync(ClaimsPrincipal user, AuthenticationProperties? properties) =>
        throw new NotImplementedException(
            "Step 09, task 4: begin the session through Sessions.BeginAsync, with the user the principal's claims describe; see steps/09-scheme/README.md#task-4");
    // </stub-step09-sign-in>

    // <stub-step09-sign-out>
    // TODO: Step 09, task 4: end the request's session through Sessions (steps/09-scheme/README.md#task-4).
    /// <summary>The framework's <c>SignOutAsync</c>: ends the request's session.</summary>
    protected override Task HandleSignOutAsync(AuthenticationProperties? properties) =>
        throw new NotImplementedException("Step 09, task 4: end the session through Sessions.EndAsync; see steps/09-scheme/README.md#task-4");
    // </stub-step09-sign-out>
}
