using Microsoft.Playwright;

namespace Docs.Tests;

/// <summary>
/// The built site served on a free port and one browser context for a reader, at a given window width. Pages are
/// opened as a reader leaves them after reading everything: every hint and solution opened, every diagram drawn.
/// </summary>
public sealed class SiteReader : IAsyncDisposable
{
    private readonly StaticSite _server;
    private readonly IBrowserContext _context;

    private SiteReader(StaticSite server, IBrowserContext context, IPage page)
    {
        _server = server;
        _context = context;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Where the tests leave screenshots: beside the test binaries, never in the repository.</summary>
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>The site's pages, as paths from its root: every built page but the tables of contents.</summary>
    public static IReadOnlyList<string> Pages() =>
        [.. SitePages.HtmlFiles().Select(SitePages.Relative).Where(p => p != "toc.html" && !p.EndsWith("/toc.html", StringComparison.Ordinal))];

    public static async Task<SiteReader> StartAsync(IBrowser browser, int width, int height = 900)
    {
        var server = await StaticSite.StartAsync(DocsPaths.Site);
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            ColorScheme = ColorScheme.Light,
        });
        context.SetDefaultTimeout(Chromium.Timeout);

        // The site must work offline: nothing beyond it is fetched.
        await context.RouteAsync("**/*", route =>
            new Uri(route.Request.Url).Authority == server.BaseAddress.Authority ? route.ContinueAsync() : route.AbortAsync());
        return new SiteReader(server, context, await context.NewPageAsync());
    }

    /// <summary>Opens a page and waits for the template's scripts: top bar, highlighting, diagrams.</summary>
    public async Task OpenAsync(string path)
    {
        var response = await Page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        response.ShouldNotBeNull();
        response.Ok.ShouldBeTrue($"GET /{path} answered {response.Status}");
        await Page.Locator("#navbar .navbar-nav").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        // Mermaid draws each diagram after the page loads: wait until each has its picture (or its error).
        await Page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('article pre.mermaid, article code.lang-mermaid')].every(p => p.querySelector('svg[aria-roledescription]'))");
    }

    /// <summary>Opens every collapsed hint, solution and answer of the page, as a reader who has read them all.</summary>
    public Task OpenEverythingAsync() =>
        Page.EvaluateAsync("() => document.querySelectorAll('article details').forEach(d => d.open = true)");

    public async Task ScreenshotAsync(string path, int width)
    {
        var file = Path.Combine(ScreenshotFolder, width.ToString(System.Globalization.CultureInfo.InvariantCulture),
            path.Replace('/', '_').Replace(".html", ".png", StringComparison.Ordinal));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await Page.ScreenshotAsync(new() { Path = file, FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _server.DisposeAsync();
    }
}
