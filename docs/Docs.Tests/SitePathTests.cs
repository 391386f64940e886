using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Docs.Tests;

/// <summary>
/// One path through the site, with a sense of progress, and everything a step's README says: the step pages carry
/// their number and time from the table of steps (testkit/Workshop.Testkit/Steps.cs), self-check questions, the instructor guide's
/// common mistakes, and the README's own sections; test names wait in collapsed lists.
/// </summary>
[Collection(SharedSite.Name)]
public sealed partial class SitePathTests(SiteFixture site)
{
    public static TheoryData<string> Steps => [.. Step.All.Select(s => s.Folder)];

    [Fact]
    public void The_home_page_has_a_start_button_and_the_whole_path_in_steps_and_minutes()
    {
        site.RequireSite();
        var home = SitePages.Page("index.html").QuerySelector("article")!;

        var start = home.QuerySelector("a.start-button").ShouldNotBeNull("the home page should have a Start button (a.start-button)");
        start.GetAttribute("href").ShouldBe($"steps/{Step.All[0].Folder}.html", "the Start button should open the first step");
        home.TextContent.ShouldContain($"{Step.All.Count} steps, about {Step.All.Sum(s => s.Minutes)} minutes in all",
            customMessage: "the home page's total should match testkit/Workshop.Testkit/Steps.cs (count and minutes)");
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Every_step_page_says_its_number_and_time_from_the_table_of_steps(string folder)
    {
        site.RequireSite();
        var step = Step.All.Single(s => s.Folder == folder);
        var progress = Article(folder).QuerySelector("p.step-progress").ShouldNotBeNull($"steps/{folder}.html should have a p.step-progress line");

        progress.QuerySelector("[data-step-count]").ShouldNotBeNull("the line needs a [data-step-count] span: main.js writes ' of N' there");
        Regex.Replace(progress.TextContent, @"\s+", " ").ShouldBe($"Step {step.Number} · about {step.Minutes} min",
            customMessage: $"steps/{folder}.html: number and minutes come from testkit/Workshop.Testkit/Steps.cs");
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Every_step_page_has_two_or_three_self_check_questions_with_collapsed_answers(string folder)
    {
        site.RequireSite();
        var checks = Article(folder).QuerySelectorAll("details.self-check");

        checks.Length.ShouldBeInRange(2, 3, $"steps/{folder}.html should end with 2 or 3 <details class=\"self-check\"> questions");
        foreach (var check in checks)
        {
            check.HasAttribute("open").ShouldBeFalse($"steps/{folder}.html: a self-check answer should start collapsed");
            var question = check.QuerySelector("summary").ShouldNotBeNull("a self-check needs its question as <summary>").TextContent.Trim();
            question.ShouldEndWith("?", customMessage: $"steps/{folder}.html: the summary should be a question");
            (check.TextContent.Length - question.Length).ShouldBeGreaterThan(40, $"steps/{folder}.html: '{question}' needs an answer");
        }
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Every_step_page_shows_the_instructor_guides_common_mistakes_of_its_step_collapsed(string folder)
    {
        site.RequireSite();
        var mistakes = Article(folder).QuerySelector("details.mistakes").ShouldNotBeNull(
            $"steps/{folder}.html should include the instructor guide's '### Step {folder[..2]}' mistakes (<!-- workshop:mistakes -->)");

        mistakes.HasAttribute("open").ShouldBeFalse("the common mistakes should start collapsed");
        mistakes.QuerySelectorAll("li").Length.ShouldBeGreaterThanOrEqualTo(2, $"steps/{folder}.html should list the step's mistakes");
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Every_step_page_keeps_the_READMEs_own_words_in_ASP_NET_Core_and_what_you_learned(string folder)
    {
        site.RequireSite();
        var readme = File.ReadAllText(RepositoryRoot.InRoot($"steps/{folder}/README.md"));
        var page = Normal(Article(folder).TextContent);
        var missing = new List<string>();

        foreach (var section in new[] { "In ASP.NET Core", "What you learned" })
        {
            var body = Section(readme, section);
            body.ShouldNotBeNull($"steps/{folder}/README.md should have a '## {section}' section");
            missing.AddRange(body.Split("\n\n").SelectMany(p => p.Split("\n- ")).Select(PlainText)
                .Where(text => text.Length > 0 && !page.Contains(text, StringComparison.Ordinal))
                .Select(text => $"{section}: {text[..Math.Min(80, text.Length)]}"));
        }

        missing.ShouldBeEmpty($"steps/{folder}.html leaves out what its README says (include the section with <!-- workshop:section -->): "
            + string.Join(" | ", missing));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Every_step_pages_test_names_wait_in_a_collapsed_list(string folder)
    {
        site.RequireSite();
        var article = Article(folder);
        var readme = File.ReadAllText(RepositoryRoot.InRoot($"steps/{folder}/README.md"));
        var expected = Regex.Count(Section(readme, "Tasks") ?? string.Empty, @"(?m)^Checked by\b");

        var open = article.QuerySelectorAll("p")
            .Where(p => p.TextContent.TrimStart().StartsWith("Checked by", StringComparison.Ordinal) && p.Closest("details.checks") is null)
            .Select(p => p.TextContent.Trim()[..40])
            .ToList();
        open.ShouldBeEmpty($"steps/{folder}.html shows test names in the open; they belong in <details class=\"checks\">");
        article.QuerySelectorAll("details.checks").Length.ShouldBe(expected,
            $"steps/{folder}.html should have one collapsed 'Tests that check this' per 'Checked by' paragraph of its README");
    }

    /// <summary>Search ranks pages by their own titles: the site's name is in the browser tab, not in the index.</summary>
    [Fact]
    public void The_search_index_holds_each_pages_own_title_without_the_sites_name()
    {
        site.RequireSite();
        using var index = JsonDocument.Parse(File.ReadAllText(SitePages.PathOf("index.json")));
        var titles = index.RootElement.EnumerateObject().Select(p => p.Value.GetProperty("title").GetString() ?? string.Empty).ToList();

        titles.Count.ShouldBeGreaterThan(10, "index.json should list the site's pages");
        titles.Where(t => t.Contains("ASP.NET Core", StringComparison.Ordinal) && t.Contains('|', StringComparison.Ordinal)).ShouldBeEmpty(
            "indexed titles carry the site's name, so every page matches its words: keep _appTitle out of docfx.json");
    }

    private static IElement Article(string folder) =>
        SitePages.Page($"steps/{folder}.html").QuerySelector("article") ?? throw new InvalidOperationException($"steps/{folder}.html has no <article>.");

    /// <summary>The body of a README's "## title" section, or null.</summary>
    private static string? Section(string markdown, string title)
    {
        var match = Regex.Match(markdown.Replace("\r\n", "\n", StringComparison.Ordinal), $@"(?m)^## {Regex.Escape(title)}\s*\n(?<body>[\s\S]*?)(?=^## |\z)");
        return match.Success ? match.Groups["body"].Value.Trim() : null;
    }

    /// <summary>Markdown prose as the page shows it: links as their text, no code marks, no emphasis, one space.</summary>
    private static string PlainText(string markdown) =>
        Normal(MarkdownLink().Replace(markdown.TrimStart('-', ' '), "${text}").Replace("`", "", StringComparison.Ordinal));

    /// <summary>One space between words, and no asterisks (Markdown's emphasis marks, which the page does not show).</summary>
    private static string Normal(string text) => Regex.Replace(text.Replace("*", "", StringComparison.Ordinal), @"\s+", " ").Trim();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();
}
