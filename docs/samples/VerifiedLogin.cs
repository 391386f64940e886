using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SessionApp.Session;

namespace Docs.Samples;

/// <summary>
/// The fix that docs/leaves-out.md shows: a login route that decides on the server who the user is, and seals only
/// that, instead of the tutorial's store route, which seals whatever identity the browser posts. It lives here, and
/// not in the workshop app, because the workshop keeps the tutorial's behaviour; Docs.Tests compiles and runs it,
/// so the page never shows code that does not build or does not work.
/// </summary>
public static class VerifiedLogin
{
    public const string Route = "/api/login";

    // Like every session POST, a login refuses requests another site made the browser send (login CSRF).
    public static RouteHandlerBuilder MapVerifiedLogin(this IEndpointRouteBuilder app) => app.MapPost(Route, LogIn).RefuseCrossSite();

    // <verified-login>
    public static Results<Ok<EmptyResponse>, ProblemHttpResult> LogIn(
        LoginRequest login, IUserDirectory users, SessionCookies cookies, HttpResponse response)
    {
        // The request says who the browser claims to be; only the server's own check decides who it is.
        var user = users.FindByCredentials(login.Username, login.Password);
        if (user is null)
        {
            return TypedResults.Problem(title: "Wrong username or password", statusCode: 401);
        }

        // Seal the user the server found, never fields taken from the request.
        var tooBig = cookies.Write(response, user);
        return tooBig is null
            ? TypedResults.Ok(new EmptyResponse())
            : TypedResults.Problem(tooBig, title: "Session too large", statusCode: 400);
    }
    // </verified-login>
}

/// <summary>What a login form posts: credentials, not an identity.</summary>
public sealed record LoginRequest(string Username, string Password);

/// <summary>Wherever the users live: a database with hashed passwords, or an identity provider.</summary>
public interface IUserDirectory
{
    /// <summary>The user these credentials belong to, or null when the user is unknown or the password is wrong.</summary>
    SessionUser? FindByCredentials(string? username, string? password);
}
