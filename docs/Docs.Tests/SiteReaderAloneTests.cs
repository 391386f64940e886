using Microsoft.Playwright;

namespace Docs.Tests;

/// <summary>
/// What a reader alone needs from the site: help in sight under each task, a record of the steps they finished, the
/// shell they chose on every page, diagrams and code they can read on a phone, and a way around long pages.
/// </summary>
[Collection(SharedSite.Name)]
public sealed class SiteReaderAloneTests(SiteFixture site, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    public static TheoryData<string> Steps => [.. Step.All.Select(s => s.Folder)];

    [Theory]
    [MemberData(nameof(Steps))]
    public void Each_task_has_a_line_in_sight_to_its_hint_its_solution_and_what_to_read(string step)
    {
        site.RequireSite();
        var page = SitePages.Page($"steps/{step}.html");
        var readme = File.ReadAllText(RepositoryRoot.InRoot($"steps/{step}/README.md"));
        var tasks = page.QuerySelectorAll("article h3[id^='task-']").ToList();
        tasks.ShouldNotBeEmpty();

        foreach (var heading in tasks)
        {
            var task = heading.Id!["task-".Length..];
            var help = Following(heading).TakeWhile(e => e.LocalName != "h3" && e.LocalName != "h2").FirstOrDefault(e => e.ClassList.Contains("task-help"));
            help.ShouldNotBeNull($"steps/{step}.html, task {task}: no 'Hint · Solution · Read' line (template/conceptual.extension.js puts one above 'Tests that check this')");
            var links = help.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
            links.ShouldContain($"#hint-task-{task}");
            links.ShouldContain($"#solution-task-{task}");
            SitePages.HasAnchor(page, $"hint-task-{task}").ShouldBeTrue($"steps/{step}.html links #hint-task-{task}, which it does not have");
            SitePages.HasAnchor(page, $"solution-task-{task}").ShouldBeTrue($"steps/{step}.html links #solution-task-{task}, which it does not have");
            var section = readme[readme.IndexOf($"### Task {task}", StringComparison.Ordinal)..];
            if (section.Split("\n### ", 2)[0].Contains("Read ", StringComparison.Ordinal))
            {
                help.TextContent.ShouldContain("Read: ", Case.Sensitive, $"steps/{step}.html, task {task}: the README names pages to read, and the line should show them");
                links.Count.ShouldBeGreaterThan(2);
            }
        }
    }

    private static IEnumerable<AngleSharp.Dom.IElement> Following(AngleSharp.Dom.IElement element)
    {
        for (var next = element.NextElementSibling; next is not null; next = next.NextElementSibling)
        {
            yield return next;
        }
    }

    private async Task<SiteReader> ReaderAsync(int width)
    {
        var browser = Chromium.Require(chromium.Browser);
        site.RequireSite();
        return await SiteReader.StartAsync(browser, width);
    }

    [Fact]
    public async Task The_Hint_link_under_a_task_opens_its_hint()
    {
        await using var reader = await ReaderAsync(1280);
        await reader.OpenAsync("steps/03-store.html");
        var hint = reader.Page.Locator("#hint-task-1");
        (await hint.GetAttributeAsync("open")).ShouldBeNull("hints start collapsed");

        await reader.Page.Locator("#task-1 ~ p.task-help a[href='#hint-task-1']").First.ClickAsync();

        await Assertions.Expect(hint).ToHaveAttributeAsync("open", "");
    }

    [Fact]
    public async Task A_reader_who_picks_PowerShell_sees_PowerShell_on_the_next_page_too()
    {
        await using var reader = await ReaderAsync(1280);
        await reader.OpenAsync("steps/04-read.html");

        await reader.Page.Locator(".tabGroup a[role='tab'][data-tab='powershell']").First.ClickAsync();
        await reader.Page.Locator("nav.reading-path a[rel=next]").ClickAsync();
        await reader.Page.WaitForURLAsync("**/steps/05-destroy.html");

        var group = reader.Page.Locator(".tabGroup").First;
        await Assertions.Expect(group.Locator("section[data-tab='powershell']")).ToBeVisibleAsync();
        await Assertions.Expect(group.Locator("section[data-tab='bash']")).ToBeHiddenAsync();
        (await group.Locator("a[data-tab='powershell']").GetAttributeAsync("aria-selected")).ShouldBe("true");
    }

    [Fact]
    public async Task A_step_marked_done_shows_on_the_overview_and_in_the_sidebar()
    {
        await using var reader = await ReaderAsync(1280);
        await reader.OpenAsync("steps/03-store.html");

        await reader.Page.GetByRole(AriaRole.Button, new() { Name = "Mark this step done" }).ClickAsync();
        await reader.OpenAsync("steps/index.html");

        await Assertions.Expect(reader.Page.Locator("[data-step-done='03-store']")).ToHaveTextAsync("✓ done");
        await Assertions.Expect(reader.Page.Locator("[data-step-done='04-read']")).ToHaveTextAsync("");
        await Assertions.Expect(reader.Page.Locator("#toc a.step-done")).ToHaveCountAsync(1);
        (await reader.Page.Locator("#toc a.step-done").GetAttributeAsync("href")).ShouldNotBeNull().ShouldContain("03-store.html");
    }

    [Fact]
    public async Task On_a_phone_every_diagram_is_drawn_at_70_percent_of_its_size_or_more()
    {
        await using var reader = await ReaderAsync(390);
        var pages = SiteReader.Pages().Where(p => SitePages.Page(p).QuerySelectorAll("article code.lang-mermaid, article pre.mermaid").Length > 0).ToList();
        var small = new List<string>();

        foreach (var path in pages)
        {
            await reader.OpenAsync(path);
            var scales = await reader.Page.EvaluateAsync<double[]>("""
                () => [...document.querySelectorAll('article pre.mermaid svg')]
                  .map(svg => svg.getBoundingClientRect().width / (parseFloat(svg.style.maxWidth) || svg.viewBox.baseVal.width))
                """);
            small.AddRange(scales.Where(s => s < 0.69).Select(s => $"{path}: a diagram at {s:P0} of its size"));
        }

        small.ShouldBeEmpty("labels of 16 px drawn below 70 % are under 11 px (template/public/main.js keepDiagramsReadable)");
    }

    [Theory]
    [InlineData(390)]
    [InlineData(1280)]
    public async Task Code_wraps_at_spaces_not_inside_a_word_like_project(int width)
    {
        await using var reader = await ReaderAsync(width);
        var split = new List<string>();
        var kept = 0;

        foreach (var path in new[] { "instructor-guide.html", "demo-script.html", "room-sheet.html", "troubleshooting.html", "steps/03-store.html" })
        {
            await reader.OpenAsync(path);
            await reader.OpenEverythingAsync();
            split.AddRange((await reader.Page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('article pre span.keep-whole')]
                  .filter(s => s.offsetParent && s.getClientRects().length > 1).map(s => s.textContent)
                """)).Select(word => $"{path}: {word}"));
            kept += await reader.Page.Locator("article pre span.keep-whole", new() { HasTextString = "--project" }).CountAsync();
        }

        kept.ShouldBeGreaterThan(0, "these pages' code has --project, which main.js keeps whole (keepWordsWhole)");
        split.ShouldBeEmpty($"at {width} px these words of code are split over two lines");
    }

    [Fact]
    public async Task A_long_page_lists_its_sections_at_the_top_when_the_side_column_is_hidden()
    {
        await using (var laptop = await ReaderAsync(1280))
        {
            await laptop.OpenAsync("instructor-guide.html");
            var list = laptop.Page.Locator("article details.on-this-page");
            await Assertions.Expect(list).ToBeVisibleAsync();
            (await list.Locator("a").CountAsync()).ShouldBeGreaterThanOrEqualTo(8);
            await list.Locator("summary").ClickAsync();
            await list.Locator("a", new() { HasTextString = "The room board" }).ClickAsync();
            await Assertions.Expect(laptop.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("instructor-guide\\.html(\\?[^#]*)?#the-room-board$"));
        }

        await using var wide = await ReaderAsync(1920);
        await wide.OpenAsync("instructor-guide.html");
        await Assertions.Expect(wide.Page.Locator("article details.on-this-page")).ToBeHiddenAsync();
    }

    [Fact]
    public void No_code_block_starts_with_an_empty_line()
    {
        site.RequireSite();
        var empty = SiteReader.Pages()
            .SelectMany(p => SitePages.Page(p).QuerySelectorAll("article pre > code").Where(c => c.TextContent.StartsWith('\n') || c.TextContent.StartsWith("\r\n", StringComparison.Ordinal))
                .Select(c => $"{p}: {c.TextContent.Trim().Split('\n')[0]}"))
            .ToList();

        empty.ShouldBeEmpty("a code region that starts with an empty line (move the blank line above its // <region> tag)");
    }

    [Fact]
    public async Task A_help_page_breadcrumb_reads_Help_then_the_page()
    {
        await using var reader = await ReaderAsync(1280);
        await reader.OpenAsync("troubleshooting.html");

        var items = reader.Page.Locator("#breadcrumb li.breadcrumb-item");
        await Assertions.Expect(items).ToHaveTextAsync(["Help", "Troubleshooting"]);
        (await reader.Page.Locator("#breadcrumb a[href='']").CountAsync()).ShouldBe(0, "'Help' has no page: it is text, not a link");
    }

    [Fact]
    public void The_glossary_words_link_to_their_entries_where_pages_first_use_them()
    {
        site.RequireSite();
        var glossary = SitePages.Page("glossary.html");
        var links = SiteReader.Pages().Where(p => p != "glossary.html")
            .SelectMany(p => SitePages.Page(p).QuerySelectorAll("article a.glossary-term").Select(a => (Page: p, Href: a.GetAttribute("href") ?? string.Empty)))
            .ToList();

        var anchors = links.Select(l => l.Href.Split('#').Last()).Distinct().ToList();
        anchors.Count.ShouldBeGreaterThanOrEqualTo(12, $"glossary words linked: {string.Join(", ", anchors)}");
        anchors.Where(a => !SitePages.HasAnchor(glossary, a)).ShouldBeEmpty("glossary links to entries glossary.md does not have");
        links.GroupBy(l => (l.Page, l.Href)).Where(g => g.Count() > 1).Select(g => $"{g.Key.Page}: {g.Key.Href}").ShouldBeEmpty("a word links once per page, where it is first used");
        links.ShouldContain(l => l.Page == "concepts/cross-site-posts.html" && l.Href.EndsWith("#csrf", StringComparison.Ordinal));
    }

    [Fact]
    public void Search_leaves_diagram_source_out_of_its_index()
    {
        site.RequireSite();
        var index = File.ReadAllText(Path.Combine(DocsPaths.Site, "index.json"));

        index.ShouldNotContain("sequenceDiagram", Case.Sensitive, "the search index holds a diagram's source (template/conceptual.extension.js moves it out of the text)");
        index.ShouldNotContain("participant ", Case.Sensitive);
        index.ShouldContain("HttpOnly", Case.Sensitive, "the pages' own text is still indexed");
    }
}
