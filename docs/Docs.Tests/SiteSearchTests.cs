using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Docs.Tests;

/// <summary>
/// The search box finds this site's own words: plain ones, identifiers with punctuation, and query syntax typed by
/// accident (a colon is a field name to the search engine underneath). Each search must list every page whose text
/// contains the term, and only pages that hold its words.
/// </summary>
[Collection(SharedSite.Name)]
public sealed partial class SiteSearchTests(SiteFixture site, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    public static TheoryData<string> Terms => ["HttpOnly", "cookie", "session", "document.cookie", "/api/session/store", "Session:Password", "localhost:5080"];

    [Theory]
    [MemberData(nameof(Terms))]
    public async Task Searching_a_term_lists_every_page_that_contains_it(string term)
    {
        var browser = Chromium.Require(chromium.Browser);
        site.RequireSite();
        var containing = SiteReader.Pages().Where(p => TextOf(p).Contains(term, StringComparison.OrdinalIgnoreCase)).ToList();
        containing.ShouldNotBeEmpty($"no page contains '{term}': the test's terms should be words of the site");

        await using var reader = await SiteReader.StartAsync(browser, 1280);
        await reader.OpenAsync("index.html");

        // Something else first, so stale results from an earlier search cannot pass for this one.
        var found = await SearchAsync(reader.Page, "Troubleshooting");
        found.ShouldNotBeEmpty("searching 'Troubleshooting' should find its page");
        found = await SearchAsync(reader.Page, term);

        found.ShouldBe(found.Distinct(), $"searching '{term}' lists a page twice");
        containing.Except(found).ShouldBeEmpty(
            $"searching '{term}' misses pages that contain it (found {found.Count}: {string.Join(", ", found)})");
        var words = Words().Matches(term).Select(m => m.Value).ToList();
        found.Where(p => !words.All(w => TextOf(p).Contains(w, StringComparison.OrdinalIgnoreCase))).ShouldBeEmpty(
            $"searching '{term}' lists pages that do not have its words (the site's name in each indexed title?)");
    }

    /// <summary>A query with no word in it (a stray "?") is answered "no results", not left blank by a query syntax error.</summary>
    [Theory]
    [InlineData("?")]
    [InlineData("--")]
    public async Task A_query_of_punctuation_alone_says_it_found_nothing(string term)
    {
        var browser = Chromium.Require(chromium.Browser);
        site.RequireSite();
        await using var reader = await SiteReader.StartAsync(browser, 1280);
        await reader.OpenAsync("index.html");

        var found = await SearchAsync(reader.Page, term);

        found.ShouldBeEmpty($"searching '{term}' should find nothing");
    }

    /// <summary>Types the term as a reader would and reads every page of results, once the list says it is for this term.</summary>
    private static async Task<List<string>> SearchAsync(IPage page, string term)
    {
        var box = page.Locator("#search-query:not([disabled])");
        await box.FillAsync(term);
        var heading = page.Locator("#search-results .search-list");
        try
        {
            await page.WaitForFunctionAsync(
                "term => (document.querySelector('#search-results .search-list')?.textContent || '').includes(term)", term);
        }
        catch (TimeoutException)
        {
            var shown = await heading.CountAsync() > 0 ? await heading.First.TextContentAsync() : "nothing";
            Assert.Fail($"searching '{term}' never showed its results (a query syntax error in the search worker?); the page shows: {shown}");
        }

        var found = new List<string>();
        while (true)
        {
            var hrefs = await page.Locator("#search-results .sr-item .item-title a")
                .EvaluateAllAsync<string[]>("links => links.map(a => new URL(a.getAttribute('href'), location.href).pathname)");
            found.AddRange(hrefs.Select(h => h.TrimStart('/')));
            var next = page.Locator("#search-results a.page-link[aria-label='Next']:not(.disabled)");
            if (await next.CountAsync() == 0)
            {
                return found;
            }

            var first = hrefs[0];
            await next.ClickAsync();
            await page.WaitForFunctionAsync(
                "first => new URL(document.querySelector('#search-results .sr-item .item-title a').getAttribute('href'), location.href).pathname !== first",
                "/" + first.TrimStart('/'));
        }
    }

    private static string TextOf(string path) =>
        SitePages.Page(path).QuerySelector("article")?.TextContent ?? string.Empty;

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();
}
