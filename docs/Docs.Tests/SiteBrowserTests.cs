using Microsoft.Playwright;
using SessionApp.Tests.Infrastructure;

namespace Docs.Tests;

/// <summary>
/// The site as a reader meets it: served over HTTP, in a real Chromium, navigated by clicking. Nothing may be fetched
/// from anywhere but the site itself (the site must work offline), and nothing it asks for may be missing.
/// </summary>
[Collection(SharedSite.Name)]
public sealed class SiteBrowserTests(SiteFixture site) : IAsyncLifetime
{
    /// <summary>Flags a headless Chromium needs on a locked-down Linux box, and that do no harm elsewhere.</summary>
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly List<string> _offSite = [];
    private readonly List<string> _missing = [];
    private StaticSite? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage _page = null!;

    public async ValueTask InitializeAsync()
    {
        // Without a site there is nothing to serve; each test then reports why, through RequireSite.
        if (!site.IsReady)
        {
            return;
        }

        _server = await StaticSite.StartAsync(Repository.Site);
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserLocator.LaunchAsync(_playwright, ChromiumArgs);

        var context = await _browser.NewContextAsync(new() { BaseURL = _server.BaseAddress.ToString() });

        // A local site of small pages: anything slower than this is a bug, not a slow network.
        context.SetDefaultTimeout(10_000);
        await context.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url).Authority == _server.BaseAddress.Authority)
            {
                await route.ContinueAsync();
            }
            else
            {
                lock (_offSite)
                {
                    _offSite.Add(route.Request.Url);
                }

                await route.AbortAsync();
            }
        });
        context.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                lock (_missing)
                {
                    _missing.Add($"{response.Status} {response.Url}");
                }
            }
        };
        _page = await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_reader_walks_from_home_through_every_step_to_a_concept()
    {
        site.RequireSite();
        await OpenAsync("");
        await ShouldShowHeadingAsync("HttpOnly cookie sessions in ASP.NET Core");
        (await _page.Locator("article img[src$='.png']").CountAsync()).ShouldBe(1, "the home page shows the finished app");

        // The top bar is drawn by the template's script from toc.json: clicking it proves that works too.
        await _page.Locator("#navbar a", new() { HasTextString = "Steps" }).ClickAsync();

        var steps = Repository.StepNames;
        for (var i = 0; i < steps.Count; i++)
        {
            await _page.WaitForURLAsync($"**/steps/{steps[i]}.html");
            await ShouldShowHeadingAsync($"Step {steps[i][..2]}");
            (await _page.Locator("details.hint").CountAsync()).ShouldBeGreaterThan(0, $"{steps[i]} should have hints");

            // Hints start collapsed, and open on a click.
            var hint = _page.Locator("details.hint").First;
            (await hint.Locator("summary ~ *").First.IsVisibleAsync()).ShouldBeFalse($"{steps[i]}: a hint should start collapsed");
            await hint.Locator("summary").ClickAsync();
            (await hint.Locator("summary ~ *").First.IsVisibleAsync()).ShouldBeTrue($"{steps[i]}: a hint should open on a click");

            if (i + 1 < steps.Count)
            {
                // Each page ends with a "Next" section that links the next step.
                await _page.Locator("h2#next + p a").First.ClickAsync();
            }
        }

        await _page.Locator("h2#next ~ ul a", new() { HasTextString = "Why HttpOnly" }).ClickAsync();
        await _page.WaitForURLAsync("**/concepts/httponly.html");
        await ShouldShowHeadingAsync("Why HttpOnly");

        NothingFetchedOffSiteOrMissing();
    }

    [Fact]
    public async Task Searching_HttpOnly_lists_pages_that_explain_it()
    {
        site.RequireSite();
        await OpenAsync("steps/03-store.html");

        // The box is disabled until the search index (index.json) has loaded.
        var box = _page.Locator("#search-query:not([disabled])");
        await box.FillAsync("HttpOnly");
        var results = _page.Locator("#search-results .sr-item a");
        await results.First.WaitForAsync();

        var hrefs = await results.EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        hrefs.ShouldContain(href => href.Contains("concepts/httponly.html", StringComparison.Ordinal),
            $"searching HttpOnly found: {string.Join(", ", hrefs)}");

        NothingFetchedOffSiteOrMissing();
    }

    private async Task OpenAsync(string path)
    {
        var response = await _page.GotoAsync(path);
        response.ShouldNotBeNull();
        response.Ok.ShouldBeTrue($"GET /{path} answered {response.Status}");
    }

    private async Task ShouldShowHeadingAsync(string start)
    {
        var heading = (await _page.Locator("article h1").First.TextContentAsync())?.Trim() ?? string.Empty;
        heading.ShouldStartWith(start, customMessage: $"{_page.Url} shows the heading '{heading}'");
    }

    private void NothingFetchedOffSiteOrMissing()
    {
        lock (_offSite)
        {
            _offSite.ShouldBeEmpty($"the site asked for things beyond itself (it must work offline): {string.Join(", ", _offSite)}");
        }

        lock (_missing)
        {
            _missing.ShouldBeEmpty($"the site asked for things it does not have: {string.Join(", ", _missing)}");
        }
    }
}
