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

    /// <summary>Maps the pages, and serves wwwroot (their script and icon) for them.</summary>
    public static WebApplication MapPages(this WebApplication app)
    {
        app.UseStaticFiles();
        var pages = app.MapGroup(string.Empty).AsPage();
        pages.MapGet(LoginRoute, Login).WithName("LoginPage");
        pages.MapGet(HomeRoute, Home).WithName("HomePage").DisallowCaching();
        return app;
    }

    public static IResult Login(HttpRequest request, IOptions<IronSessionOptions> options, IEnumerable<PagePart> parts)
    {
        if (!options.Value.AllowMockLogin)
        {
            // No mock login here (the store route does not exist): only what other features add to the page.
            return Page("Login", "<h1>Login Page</h1>", Below(parts, LoginRoute, request));
        }

        return Page("Login", """
            <h1>Login Page</h1>
            <button type="button" id="login">Login</button>
            """, Below(parts, LoginRoute, request));
    }

    public static async Task<IResult> Home(HttpContext context, Sessions sessions, IEnumerable<PagePart> parts)
    {
        var user = (await sessions.ReadAsync(context))?.User;
        var session = JsonSerializer.Serialize(SessionView.From(user), DisplayJson);
        return Page("Home", $"""
            <h1>Home Page</h1>
            <pre id="session">{HtmlEncoder.Default.Encode(session)}</pre>
            <div>
              <button type="button" id="logout">Logout</button>
            </div>
            """, Below(parts, HomeRoute, context.Request));
    }

    /// <summary>
    /// Marks routes as HTML pages: out of the API description, and under <see cref="ContentSecurityPolicy"/> (only this
    /// app's own script, styles and requests; no page may frame them: clickjacking). A feature's own page (step 09's
    /// account page) is marked the same way.
    /// </summary>
    internal static TBuilder AsPage<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            return await next(context);
        });

    /// <summary>What other features add under a page's own content (step 07's password form, say), in the order registered.</summary>
    private static string Below(IEnumerable<PagePart> parts, string route, HttpRequest request) =>
        string.Join('\n', parts.Where(p => p.Route == route).Select(p => p.Render(request)));

    internal static IResult Page(string title, string body, string below)
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
            {below}
            <p id="error" role="alert" hidden></p>
            </main>
            <script src="{ScriptPath}" data-store="{SessionEndpoints.StoreRoute}" data-destroy="{SessionEndpoints.DestroyRoute}" data-home="{HomeRoute}" data-login="{LoginRoute}"></script>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }
}

/// <summary>
/// HTML a feature adds under one of the pages, registered in DI: the login feature's password form (step 07) and
/// "log out everywhere" (step 08) plug into the pages this way, so neither rewrites step 06's code.
/// </summary>
/// <param name="Route">The page: <see cref="PageEndpoints.LoginRoute"/> or <see cref="PageEndpoints.HomeRoute"/>.</param>
/// <param name="Render">
/// The part's HTML for this request: trusted HTML, written by the app; text a request brings is never copied into it
/// (the login form picks its error from its own sentences by a code, for one).
/// </param>
public sealed record PagePart(string Route, Func<HttpRequest, string> Render)
{
    /// <summary>A part that is the same on every request.</summary>
    public PagePart(string route, string html)
        : this(route, _ => html)
    {
    }
}
