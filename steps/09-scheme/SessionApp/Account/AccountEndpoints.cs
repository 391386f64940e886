using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using SessionApp.Login;
using SessionApp.Pages;
using SessionApp.Session;

namespace SessionApp.Account;

/// <summary>
/// The routes of step 09, done the framework's way: a page and an API that need a logged-in user (the framework checks
/// it, not the route), and a sign-in and a sign-out through <c>SignInAsync</c> and <c>SignOutAsync</c>. The tutorial's
/// routes and pages stay as they are.
/// </summary>
public static class AccountEndpoints
{
    public const string AccountRoute = "/account";
    public const string MeRoute = "/api/me";
    public const string SignInRoute = "/api/account/sign-in";
    public const string SignOutRoute = "/account/sign-out";

    public static IEndpointRouteBuilder MapAccountRoutes(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup(string.Empty).DisallowCaching();
        // <stub-step09-protect>
        // TODO: Step 09, task 1: these routes need a logged-in user (steps/09-scheme/README.md#task-1).
        // </stub-step09-protect>
        account.MapGet(AccountRoute, Page).AsPage().WithName("AccountPage");
        account.MapGet(MeRoute, Me).WithTags("Account").WithName("Me").WithSummary("The logged-in user, from HttpContext.User.");

        app.MapPost(SignInRoute, SignIn).WithTags("Account").DisallowCaching().RefuseCrossSite()
            .WithName("SignIn").WithSummary("Step 07's login, with the session begun by the framework's SignInAsync.");
        app.MapPost(SignOutRoute, SignOut).WithTags("Account").DisallowCaching().RefuseCrossSite()
            .WithName("SignOut").WithSummary("Ends the session with the framework's SignOutAsync, then goes to the login page.");
        return app;
    }

    /// <summary>The user, read from <c>HttpContext.User</c>: no route code reads the cookie.</summary>
    public static IResult Me(HttpContext context) => TypedResults.Json(SessionScheme.User(context.User, out _));

    /// <summary>A page only a logged-in user sees, with a sign-out button.</summary>
    public static IResult Page(HttpContext context)
    {
        var user = SessionScheme.User(context.User, out _);
        var html = HtmlEncoder.Default;
        var who = user is null
            ? "<p id=\"account\">Nobody is signed in, yet this page was served: nothing protects it.</p>"
            : $"<p id=\"account\">Signed in as <strong>{html.Encode(user.FullName)}</strong> ({html.Encode(user.Username)}).</p>";
        return PageEndpoints.Page("Account", $"""
            <h1>Account</h1>
            {who}
            <form method="post" action="{SignOutRoute}">
              <button type="submit" id="sign-out">Sign out</button>
            </form>
            <p><a href="{PageEndpoints.HomeRoute}">Home</a></p>
            """, string.Empty);
    }

    /// <summary>Step 07's login (the same checks and limits), whose session the framework's <c>SignInAsync</c> begins.</summary>
    public static Task<IResult> SignIn(
        HttpRequest request, UserDirectory users, ILoginLimiter limiter, DeviceCookies devices, SessionMetrics metrics, CancellationToken cancellationToken) =>
        LoginEndpoints.LogInAsync(request, users, limiter, devices, metrics, async (user, _) =>
        {
            try
            {
                await request.HttpContext.SignInAsync(SessionScheme.Name, SessionScheme.Principal(user));
                return null;
            }
            catch (SessionsUnavailableException e)
            {
                return SessionEndpoints.Unavailable(e);
            }
        }, cancellationToken);

    /// <summary>Signs out through the framework, then sends the browser to the login page.</summary>
    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> SignOut(HttpRequest request)
    {
        try
        {
            await request.HttpContext.SignOutAsync(SessionScheme.Name);
        }
        catch (SessionsUnavailableException)
        {
            return SessionEndpoints.LogoutNotRecorded();
        }

        return TypedResults.Redirect(PageEndpoints.LoginRoute);
    }
}
