using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SessionApp.Session;

namespace SessionApp.Pages;

/// <summary>
/// The tutorial's two pages, rendered on the server as plain HTML. The buttons' fetch calls live in
/// wwwroot/js/session.js, as the tutorial's click handlers do; there is no front-end build.
/// </summary>
public static class PageEndpoints
{
    public const string LoginRoute = "/login";
    public const string HomeRoute = "/";
    public const string ScriptPath = "/js/session.js";

    /// <summary>The pages' icon, so the browser's DevTools show no 404 for /favicon.ico during the demo.</summary>
    public const string FaviconPath = "/favicon.svg";

    /// <summary>The pages' Content-Security-Policy: nothing but this origin, no inline script, no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    // Shown to a person, not parsed by a browser as script: keep '<' readable and let HtmlEncoder make it safe.
    private static readonly JsonSerializerOptions DisplayJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(string.Empty).ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            // Only this app's own script, styles and requests; no page may frame these pages (clickjacking).
            context.HttpContext.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            return await next(context);
        });
        pages.MapGet(LoginRoute, Login).WithName("LoginPage");
        pages.MapGet(HomeRoute, Home).WithName("HomePage").DisallowCaching();
        return app;
    }

    public static IResult Login(IOptions<IronSessionOptions> options)
    {
        if (!options.Value.AllowMockLogin)
        {
            // No mock login here (Production's default): the page has only the password form of step 07.
            return Page("Login", "<h1>Login Page</h1>");
        }

        return Page("Login", """
            <h1>Login Page</h1>
            <button type="button" id="login">Login</button>
            """);
    }

    public static async Task<IResult> Home(HttpContext context, Sessions sessions)
    {
        var user = (await sessions.ReadAsync(context))?.User;
        var session = JsonSerializer.Serialize(SessionView.From(user), DisplayJson);
        return Page("Home", $"""
            <h1>Home Page</h1>
            <pre id="session">{HtmlEncoder.Default.Encode(session)}</pre>
            <div>
              <button type="button" id="logout">Logout</button>
            </div>
            """);
    }

    /// <summary>What steps 07 and 08 add under the tutorial's pages: the password form, and "log out everywhere".</summary>
    private static string BeyondTheTutorial(string title) => title switch
    {
        "Login" => $"""
            <form id="login-form" action="{SessionEndpoints.LoginRoute}" method="post">
              <h2>Log in with a password</h2>
              <p>
                <label for="username">Username</label>
                <input id="username" name="username" autocomplete="username" required maxlength="{SessionApp.Login.UserDirectory.MaxUsernameLength}">
              </p>
              <p>
                <label for="password">Password</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="{SessionApp.Login.UserDirectory.MaxPasswordLength}">
              </p>
              <button type="submit">Log in</button>
            </form>
            """,
        "Home" => """
            <div>
              <button type="button" id="logout-all">Log out everywhere</button>
            </div>
            """,
        _ => string.Empty,
    };

    private static IResult Page(string title, string body)
    {
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{title} · HttpOnly cookie sessions</title>
              <link rel="icon" href="{FaviconPath}" type="image/svg+xml">
            </head>
            <body>
            <main>
            {body}
            {BeyondTheTutorial(title)}
            <p id="error" role="alert" hidden></p>
            </main>
            <script src="{ScriptPath}" data-store="{SessionEndpoints.StoreRoute}" data-destroy="{SessionEndpoints.DestroyRoute}" data-log-in="{SessionEndpoints.LoginRoute}" data-destroy-all="{SessionEndpoints.DestroyAllRoute}" data-home="{HomeRoute}" data-login="{LoginRoute}"></script>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
