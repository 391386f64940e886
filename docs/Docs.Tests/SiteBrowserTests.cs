using Microsoft.Playwright;

namespace Docs.Tests;

/// <summary>
/// The site as a reader meets it: served over HTTP, in a real Chromium, navigated by clicking. Nothing may be fetched
/// from anywhere but the site itself (the site must work offline), and nothing it asks for may be missing.
/// </summary>
[Collection(SharedSite.Name)]
public sealed class SiteBrowserTests(SiteFixture site, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncDisposable
{
    private readonly List<string> _offSite = [];
    private readonly List<string> _missing = [];
    private StaticSite? _server;
    private IBrowserContext? _context;
    private IPage _page = null!;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>
    /// After the test has its browser: the built site (or the reason there is none), served on a free port, and a
    /// fresh page that records what it fetches.
    /// </summary>
    private async Task StartAsync(IBrowser browser)
    {
        site.RequireSite();

        _server = await StaticSite.StartAsync(DocsPaths.Site);
        _context = await browser.NewContextAsync(new() { BaseURL = _server.BaseAddress.ToString() });

        _context.SetDefaultTimeout(Chromium.Timeout);
        await _context.RouteAsync("**/*", async route =>
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
        _context.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                lock (_missing)
                {
                    _missing.Add($"{response.Status} {response.Url}");
                }
            }
        };
        _page = await _context.NewPageAsync();
    }

    /// <summary>
    /// The one reading path: home, every step (in the order of testkit/Workshop.Testkit/Steps.cs), every concept (in the order of
    /// concepts/toc.yml), then "What the tutorial leaves out", by Next links alone, with no dead end; and back.
    /// </summary>
    [Fact]
    public async Task A_reader_follows_Next_from_home_through_every_step_and_concept_to_the_end_and_back()
    {
        // First, so a machine without a browser skips here with one line (and CI=true fails).
        await StartAsync(Chromium.Require(chromium.Browser));
        await OpenAsync("");
        await ShouldShowHeadingAsync("HttpOnly cookie sessions in ASP.NET Core");
        (await _page.Locator("article img[src$='.png']").CountAsync()).ShouldBe(1, "the home page shows the finished app");

        // The top bar is drawn by the template's script from toc.json: clicking it proves that works too.
        await _page.Locator("#navbar a", new() { HasTextString = "Steps" }).ClickAsync();
        await _page.WaitForURLAsync("**/steps/index.html");
        await OpenAsync("");
        await _page.Locator("a.start-button").ClickAsync();

        var concepts = ConceptPages().Select(c => $"concepts/{c}.html").ToList();
        var path = Step.All.Select(s => $"steps/{s.Folder}.html").Concat(concepts).Append("leaves-out.html").ToList();
        foreach (var (page, i) in path.Select((p, i) => (p, i)))
        {
            await _page.WaitForURLAsync("**/" + page);
            if (i < Step.All.Count)
            {
                var step = Step.All[i];
                await ShouldShowHeadingAsync($"Step {step.Id}");
                var progress = _page.Locator("p.step-progress");
                await progress.Filter(new() { HasTextString = " of " }).WaitForAsync();
                (await progress.InnerTextAsync()).ShouldBe($"Step {step.Number} of {Step.All.Count} · about {step.Minutes} min");

                // Hints start collapsed, and open on a click.
                var hint = _page.Locator("details.hint").First;
                (await hint.Locator("summary ~ *").First.IsVisibleAsync()).ShouldBeFalse($"{page}: a hint should start collapsed");
                await hint.Locator("summary").ClickAsync();
                (await hint.Locator("summary ~ *").First.IsVisibleAsync()).ShouldBeTrue($"{page}: a hint should open on a click");
            }

            var next = _page.Locator("nav.reading-path a[rel=next]");
            if (i + 1 < path.Count)
            {
                try
                {
                    await next.WaitForAsync();
                }
                catch (TimeoutException)
                {
                    Assert.Fail($"{page} has no Next link to {path[i + 1]}: template/public/main.js builds the reading path "
                        + "from steps/toc.json and concepts/toc.json (is the page in its toc.yml?)");
                }

                (await next.GetAttributeAsync("href")).ShouldNotBeNull().ShouldEndWith(path[i + 1].Split('/')[^1],
                    customMessage: $"{page}: Next should lead to {path[i + 1]}");
                await next.ClickAsync();
            }
            else
            {
                await _page.Locator("nav.reading-path a[rel=prev]").WaitForAsync();
                (await next.CountAsync()).ShouldBe(0, $"{page} ends the path: it should have no Next");
                await _page.Locator("nav.reading-path a[rel=prev]").ClickAsync();
                await _page.WaitForURLAsync("**/" + path[i - 1]);
            }
        }

        NothingFetchedOffSiteOrMissing();
    }

    /// <summary>The concept pages, as concepts/toc.yml orders them (their file names without .md).</summary>
    private static IEnumerable<string> ConceptPages() =>
        File.ReadAllLines(Path.Combine(DocsPaths.Docs, "concepts", "toc.yml"))
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("href:", StringComparison.Ordinal))
            .Select(l => l["href:".Length..].Trim().Replace(".md", "", StringComparison.Ordinal));

    [Fact]
    public async Task Searching_HttpOnly_lists_pages_that_explain_it()
    {
        // First, so a machine without a browser skips here with one line (and CI=true fails).
        await StartAsync(Chromium.Require(chromium.Browser));
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
