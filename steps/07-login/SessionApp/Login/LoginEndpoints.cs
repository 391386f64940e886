using Microsoft.AspNetCore.Http.HttpResults;
using SessionApp.Session;

namespace SessionApp.Login;

/// <summary>The login route: a username and a password the server checks, instead of the tutorial's mock user.</summary>
public static class LoginEndpoints
{
    public const string LoginRoute = SessionEndpoints.ReadRoute + "/login";

    /// <summary>
    /// Logs in: the user whose password this is gets a new session. An unknown username and a wrong password get the
    /// same 401; after too many failures for one username, 429 until its window ends.
    /// </summary>
    public static async Task<Results<Ok<SessionView>, ProblemHttpResult>> LogIn(
        HttpRequest request, UserDirectory users, LoginThrottle throttle, Sessions sessions, SessionMetrics metrics, CancellationToken cancellationToken)
    {
        var (body, fault) = await SessionEndpoints.ReadJsonBodyAsync(request, "the login", metrics, cancellationToken);
        if (fault is not null)
        {
            return fault;
        }

        if (Credentials.From(body, out var problem) is not { } credentials)
        {
            return SessionEndpoints.Problem(StatusCodes.Status400BadRequest, "Not a login", $"The body is not a login: {problem}.");
        }

        if (throttle.RetryAfter(credentials.Username) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return SessionEndpoints.Problem(StatusCodes.Status429TooManyRequests, "Too many failed logins",
                $"Too many failed logins for this username: try again in {seconds} s.");
        }

        if (users.Verify(credentials.Username, credentials.Password) is not { } user)
        {
            throttle.RecordFailure(credentials.Username);
            return SessionEndpoints.Problem(StatusCodes.Status401Unauthorized, "Login failed", "The username or the password is wrong.");
        }

        if (await SessionEndpoints.BeginAsync(request, user, sessions, cancellationToken) is { } failed)
        {
            return failed;
        }

        return TypedResults.Ok(SessionView.From(user));
    }
}
