using Deque.AxeCore.Playwright;

namespace Docs.Tests;

/// <summary>
/// Every page as a reader meets it, on a phone (390 px), a laptop or projector (1280 px) and a wide screen (1920 px):
/// screenshots of each (into the test output, not the repository), nothing wider than the window, no code cut off,
/// a top bar on one row, every diagram drawn, and no serious accessibility problem.
/// </summary>
[Collection(SharedSite.Name)]
public sealed class SiteLayoutTests(SiteFixture site, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    public static TheoryData<int> Widths => [390, 1280, 1920];

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Every_page_fits_the_window_and_no_code_block_is_cut_off(int width)
    {
        var browser = Chromium.Require(chromium.Browser);
        site.RequireSite();
        await using var reader = await SiteReader.StartAsync(browser, width);
        var tooWide = new List<string>();
        var cutOff = new List<string>();
        var report = new List<string>();
        var blocks = 0;

        foreach (var path in SiteReader.Pages())
        {
            await reader.OpenAsync(path);
            await reader.OpenEverythingAsync();
            await reader.ScreenshotAsync(path, width);

            var page = await reader.Page.EvaluateAsync<int[]>(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            if (page[0] > page[1])
            {
                tooWide.Add($"{path} is {page[0]} px wide");
            }

            // A code block that scrolls sideways (the <pre>, or the <code> in it) hides the end of its widest line. Blocks in
            // hidden tabs are not counted.
            var code = await reader.Page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('article pre:not(.mermaid)')]
                  .filter(pre => pre.offsetParent && [pre, ...pre.children].some(e => e.scrollWidth > e.clientWidth + 1))
                  .map(pre => pre.textContent.split('\n').reduce((a, b) => b.length > a.length ? b : a, '').trim().slice(0, 60))
                """);
            blocks += await reader.Page.Locator("article pre:not(.mermaid):visible").CountAsync();
            cutOff.AddRange(code.Select(line => $"{path}: {line}"));
            report.Add($"{path}: page {page[0]}/{page[1]} px, {code.Length} code block(s) cut off");
        }

        Directory.CreateDirectory(SiteReader.ScreenshotFolder);
        await File.WriteAllLinesAsync(Path.Combine(SiteReader.ScreenshotFolder, $"layout-{width}.txt"),
            [$"{cutOff.Count} of {blocks} code blocks cut off at {width} px", .. report, .. cutOff], TestContext.Current.CancellationToken);

        tooWide.ShouldBeEmpty($"At {width} px these pages scroll sideways (a wide table, a long URL or code?): {string.Join("; ", tooWide)}");
        cutOff.ShouldBeEmpty($"At {width} px these code blocks scroll sideways, so their widest line is cut off "
            + $"(wrap them in main.css, or break the line): {string.Join("; ", cutOff)}");
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(1280)]
    [InlineData(1366)]
    [InlineData(1920)]
    public async Task The_top_bar_fits_on_one_row_with_its_search_box_in_view(int width)
    {
        var browser = Chromium.Require(chromium.Browser);
        site.RequireSite();
        await using var reader = await SiteReader.StartAsync(browser, width);
        await reader.OpenAsync("steps/03-store.html");

        var items = await reader.Page.EvaluateAsync<double[][]>("""
            () => [...document.querySelectorAll('#navbar .navbar-nav > li > a')]
              .map(a => { const r = a.getBoundingClientRect(); return [r.top, r.height, a.scrollWidth - a.clientWidth]; })
            """);
        var labels = await reader.Page.Locator("#navbar .navbar-nav > li > a").AllInnerTextsAsync();
        var search = await reader.Page.Locator("#search-query").BoundingBoxAsync();

        items.Length.ShouldBeInRange(3, 5, $"the top bar has {items.Length} items ({string.Join(", ", labels)}); keep five at most, the rest under Help");
        items.Select(i => Math.Round(i[0])).Distinct().Count().ShouldBe(1,
            $"at {width} px the top bar's items wrap onto more than one row: {string.Join(", ", labels)}");
        items.ShouldAllBe(i => i[1] < 48, $"at {width} px a top bar label wraps inside its item: {string.Join(", ", labels)}");
        items.ShouldAllBe(i => i[2] <= 0, $"at {width} px a top bar label is clipped: {string.Join(", ", labels)}");
        search.ShouldNotBeNull("the top bar should show the search box");
        (search.X + search.Width).ShouldBeLessThanOrEqualTo(width, $"at {width} px the search box is off-screen");
    }

    [Fact]
    public async Task Every_Mermaid_diagram_is_drawn_without_an_error()
    {
        var browser = Chromium.Require(chromium.Browser);
        site.RequireSite();
        var withDiagrams = SiteReader.Pages()
            .Where(p => SitePages.Page(p).QuerySelectorAll("article code.lang-mermaid, article pre.mermaid").Length > 0)
            .ToList();
        withDiagrams.Count.ShouldBeGreaterThanOrEqualTo(6, "the home page, steps 03 and 04 and four concept pages have diagrams");
        await using var reader = await SiteReader.StartAsync(browser, 1280);
        var problems = new List<string>();

        foreach (var path in withDiagrams)
        {
            await reader.OpenAsync(path);
            var diagrams = await reader.Page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('article pre.mermaid')].map(p =>
                  !p.querySelector('svg') ? 'no picture'
                  : p.querySelector('svg[aria-roledescription="error"]') || [...p.querySelectorAll('svg text')].some(t => /syntax error/i.test(t.textContent))
                    ? 'an error box: ' + (p.getAttribute('data-mermaid') || '').trim().split('\n')[0]
                  : 'ok')
                """);
            var expected = SitePages.Page(path).QuerySelectorAll("article code.lang-mermaid, article pre.mermaid").Length;
            if (diagrams.Length != expected)
            {
                problems.Add($"{path}: {expected} diagram(s) in the HTML, {diagrams.Length} drawn (one inside a closed <details> or a hidden tab?)");
            }

            problems.AddRange(diagrams.Where(d => d != "ok").Select(d => $"{path}: {d}"));
        }

        problems.ShouldBeEmpty($"Mermaid diagrams that did not draw (fix the diagram's syntax): {string.Join("; ", problems)}");
    }

    [Fact]
    public async Task Every_page_has_no_serious_or_critical_accessibility_violation()
    {
        var browser = Chromium.Require(chromium.Browser);
        site.RequireSite();
        await using var reader = await SiteReader.StartAsync(browser, 1280);
        var problems = new List<string>();

        foreach (var path in SiteReader.Pages())
        {
            await reader.OpenAsync(path);
            await reader.OpenEverythingAsync();
            var result = await reader.Page.RunAxe();
            problems.AddRange(result.Violations
                .Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{path}: {v.Id} ({v.Impact}) at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}: {v.Help}"));
        }

        problems.ShouldBeEmpty($"axe found serious or critical problems:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }
}
