using System.Text.Encodings.Web;
using System.Text.Json;
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

    public static IResult Login()
    {
        // TODO: Step 06, task 1: render the login page.
        throw new NotImplementedException(
            "Step 06, task 1: render the login page: an h1 'Login Page' and a button#login 'Login'; see steps/06-pages/README.md#task-1");
    }

    public static IResult Home(HttpRequest request, SessionCookies cookies)
    {
        ArgumentNullException.ThrowIfNull(request);
        // TODO: Step 06, task 2: render the home page with the session.
        throw new NotImplementedException(
            "Step 06, task 2: render the home page: an h1 'Home Page', the session JSON HTML-encoded in a pre, a button#logout; see steps/06-pages/README.md#task-2");
    }

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
            <p id="error" role="alert" hidden></p>
            </main>
            <script src="{ScriptPath}" data-store="{SessionEndpoints.StoreRoute}" data-destroy="{SessionEndpoints.DestroyRoute}" data-home="{HomeRoute}" data-login="{LoginRoute}"></script>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
