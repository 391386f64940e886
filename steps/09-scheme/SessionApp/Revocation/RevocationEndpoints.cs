using Microsoft.AspNetCore.Http.HttpResults;
using SessionApp.Session;

namespace SessionApp.Revocation;

/// <summary>"Log out everywhere" (step 08): every session of the logged-in user ends, on every device.</summary>
public static class RevocationEndpoints
{
    public const string DestroyAllRoute = SessionEndpoints.ReadRoute + "/destroy-all";

    public static async Task<Results<Ok<EmptyResponse>, ProblemHttpResult>> DestroyAll(
        HttpContext context, Sessions sessions, SessionCookies cookies, SessionRevocation revocation, SessionMetrics metrics, TimeProvider time)
    {
        // Only a session that may still be used can end the others; when the list cannot be read, that is a 503 (a
        // read through Sessions.ReadAsync would make it "not logged in", and could seal the cookie again).
        if (sessions.ReadCookie(context.Request, time.GetUtcNow()) is not { } session)
        {
            return NotLoggedIn();
        }

        // This browser logs out whatever happens next.
        cookies.Clear(context.Response);
        try
        {
            if (await revocation.RefusalAsync(session, time.GetUtcNow(), context.RequestAborted) is { Rejection: { } rejection })
            {
                metrics.CookieRejected(rejection);
                return NotLoggedIn();
            }

            await revocation.EndAllAsync(session, context.RequestAborted);
            return TypedResults.Ok(new EmptyResponse());
        }
        catch (SessionsUnavailableException)
        {
            return SessionEndpoints.Problem(StatusCodes.Status503ServiceUnavailable, "Logout not recorded",
                "This browser is logged out, but logging out everywhere could not be recorded: other sessions still work. Try again shortly.");
        }

        static ProblemHttpResult NotLoggedIn() =>
            SessionEndpoints.Problem(StatusCodes.Status401Unauthorized, "Not logged in", "Log in first: there is no session to end.");
    }
}
