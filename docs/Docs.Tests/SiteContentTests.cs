using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Docs.Tests;

/// <summary>
/// What each page must carry: a page per step folder, that step's tasks and hints (included from the step folder),
/// its solution (included from the finished app), and C# only ever from compiled files.
/// </summary>
[Collection(SharedSite.Name)]
public sealed partial class SiteContentTests(SiteFixture site)
{
    /// <summary>The step folders, 0N-name, from the workshop's one table of steps (testkit/Workshop.Testkit/Steps.cs).</summary>
    public static TheoryData<string> Steps => [.. Step.All.Select(s => s.Folder)];

    /// <summary>The other direction: no page outlives its step (a renamed step leaves no stale page behind).</summary>
    [Fact]
    public void Every_step_page_has_its_step_folder()
    {
        Step.All.ShouldNotBeEmpty("testkit/Workshop.Testkit/Steps.cs should list the workshop's steps");
        foreach (var step in Step.All)
        {
            Directory.Exists(RepositoryRoot.InRoot(step.Path)).ShouldBeTrue($"testkit/Workshop.Testkit/Steps.cs lists {step.Path}, which does not exist");
        }

        var pages = Directory.EnumerateFiles(Path.Combine(DocsPaths.Docs, "steps"), "*.md").Select(Path.GetFileNameWithoutExtension)
            .Where(page => page != "index"); // the overview of the steps

        pages.ShouldBe(Step.All.Select(s => s.Folder), ignoreOrder: true,
            "docs/steps/*.md should match the steps of testkit/Workshop.Testkit/Steps.cs (the folders steps/0N-name) one to one");
    }

    /// <summary>The steps overview lists every step, in order, with its title and time from testkit/Workshop.Testkit/Steps.cs, and a done cell.</summary>
    [Fact]
    public void The_steps_overview_lists_every_step_with_its_title_its_time_and_a_done_mark()
    {
        var rows = SitePages.Page("steps/index.html").QuerySelectorAll("article table tbody tr").ToList();

        rows.Select(r => r.QuerySelector("a") is { } link ? link.GetAttribute("href") : "(no link)").ShouldBe(Step.All.Select(s => $"{s.Folder}.html"),
            "docs/steps/index.md should link every step's page, in order");
        foreach (var (row, step) in rows.Zip(Step.All))
        {
            var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
            cells[0].ShouldStartWith($"Step {step.Id} — {step.Title}", customMessage: "docs/steps/index.md: the title of testkit/Workshop.Testkit/Steps.cs");
            cells[2].ShouldBe($"about {step.Minutes} min", "docs/steps/index.md: the time of testkit/Workshop.Testkit/Steps.cs");
            row.QuerySelector($"[data-step-done='{step.Folder}']").ShouldNotBeNull($"docs/steps/index.md: the done cell of {step.Folder}");
        }
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Every_step_folder_has_its_page_in_the_site_and_in_the_steps_menu(string step)
    {
        site.RequireSite();

        File.Exists(Path.Combine(DocsPaths.Docs, "steps", step + ".md")).ShouldBeTrue($"docs/steps/{step}.md should exist");
        var page = SitePages.Page($"steps/{step}.html");
        page.QuerySelector("article h1").ShouldNotBeNull().TextContent.ShouldStartWith($"Step {step[..2]}");
        File.ReadAllText(Path.Combine(DocsPaths.Docs, "steps", "toc.yml")).ShouldContain($"href: {step}.md");
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Every_step_page_shows_each_task_of_its_README(string step)
    {
        site.RequireSite();
        var tasks = TaskNumbers(RepositoryRoot.InRoot($"steps/{step}/README.md"), "###");
        var article = Article(step);

        tasks.ShouldNotBeEmpty($"steps/{step}/README.md should have '### Task K' sections");
        foreach (var task in tasks)
        {
            article.QuerySelector($"h3#task-{task}").ShouldNotBeNull(
                $"steps/{step}.html should show task {task} of steps/{step}/README.md, with the anchor #task-{task} that red tests name");
        }

        // Only the Tasks section is included: the README's other sections are the page's own, in its own words.
        article.QuerySelectorAll("h1").Length.ShouldBe(1, "the README's own title should not be included");
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Every_step_page_has_a_collapsed_hint_for_each_task_of_its_hints(string step)
    {
        site.RequireSite();
        var tasks = TaskNumbers(RepositoryRoot.InRoot($"steps/{step}/hints.md"), "##");
        var hints = Article(step).QuerySelectorAll("details.hint");

        hints.Select(h => h.Id).ShouldBe(tasks.Select(t => $"hint-task-{t}"), ignoreOrder: false,
            $"steps/{step}.html should have one <details class=\"hint\"> per '## Task K' of steps/{step}/hints.md");
        foreach (var hint in hints)
        {
            hint.HasAttribute("open").ShouldBeFalse($"{hint.Id} should start collapsed");
            hint.TextContent.Trim().Length.ShouldBeGreaterThan(40, $"{hint.Id} should hold the hint's text");
        }
    }

    [Fact]
    public void Every_solution_region_is_shown_whole_in_a_collapsed_solution_on_its_step_page()
    {
        site.RequireSite();
        var regions = SourceRegions.InSolution();
        regions.Count.ShouldBeGreaterThanOrEqualTo(12, "the finished app should have the regions CONTRIBUTING.md lists");

        foreach (var region in regions)
        {
            var step = (Step.Find(region.Step) ?? throw new InvalidOperationException(
                $"{Path.GetRelativePath(RepositoryRoot.OfBinaries, region.File)}: region {region.Name} names step {region.Step}, which testkit/Workshop.Testkit/Steps.cs does not have")).Folder;
            var shown = Article(step).QuerySelectorAll("details.solution pre code")
                .Select(code => SourceRegions.Normalise(code.TextContent.Split('\n')));
            var expected = SourceRegions.Normalise(region.Lines);

            shown.ShouldContain(lines => lines.SequenceEqual(expected),
                $"steps/{step}.html should show region {region.Name} of {Path.GetRelativePath(RepositoryRoot.OfBinaries, region.File)} whole, "
                + "inside <details class=\"solution\">. If the region was renamed or moved, fix the code include.");
        }
    }

    /// <summary>
    /// Each task shows, under its heading, the code the learner edits: every stub of the step (its regions in
    /// solutions/stubs.txt), included from this step's own starter by its stub tag, whole, with a caption that names
    /// the file and whose code (the method's signature) is in that file.
    /// </summary>
    [Theory]
    [MemberData(nameof(Steps))]
    public void Every_stub_of_a_step_is_shown_from_its_starter_at_the_task_its_TODO_names(string step)
    {
        site.RequireSite();
        var stubs = SourceRegions.Stubs().Where(s => s.Region.StartsWith($"step{step[..2]}-", StringComparison.Ordinal)).ToList();
        var markdown = File.ReadAllText(Path.Combine(DocsPaths.Docs, "steps", step + ".md"));
        var article = Article(step);
        var sections = article.QuerySelectorAll("h2, h3, pre code").ToList(); // in document order
        var problems = new List<string>();

        stubs.ShouldNotBeEmpty($"solutions/stubs.txt should have stubs of step {step[..2]}");
        foreach (var stub in stubs)
        {
            var where = $"docs/steps/{step}.md, stub {stub.Region} (task {stub.Task})";
            var include = CodeInclude().Matches(markdown).FirstOrDefault(m => m.Groups["region"].Value == stub.Tag);
            var starter = $"../../steps/{step}/";
            if (include is null || !include.Groups["path"].Value.StartsWith(starter, StringComparison.Ordinal))
            {
                problems.Add($"{where}: should include it from this step's starter, [!code-...[]({starter}SessionApp/...#{stub.Tag})]");
                continue;
            }

            // The block that holds the stub's TODO: under the task's heading (or just before it), and the stub whole.
            var shown = sections.Where(e => e.LocalName == "code" && SourceRegions.Normalise(e.TextContent.Split('\n')).Contains(stub.Todo)).ToList();
            var placed = shown.FirstOrDefault(code =>
            {
                var heading = sections.Take(sections.IndexOf(code)).LastOrDefault(e => e.LocalName != "code");
                var next = (code.Closest("div.starter") ?? code.Closest("pre"))?.NextElementSibling;
                return IsTaskHeading(heading, stub.Task) || IsTaskHeading(next, stub.Task);
            });
            if (placed is null)
            {
                problems.Add(shown.Count == 0
                    ? $"{where}: steps/{step}.html shows no code with its TODO line, {stub.Todo}"
                    : $"{where}: steps/{step}.html shows it, but not under the heading of task {stub.Task}, which its TODO names (see workshop:starter in docs/README.md)");
                continue;
            }

            if (!SourceRegions.Normalise(placed.TextContent.Split('\n')).SequenceEqual(SourceRegions.Normalise(stub.Lines)))
            {
                problems.Add($"{where}: the code shown is not the stub whole; does the starter still match solutions/stubs.txt?");
            }

            // The caption names the file (as the step folder sees it) and quotes only code that file has.
            var file = include.Groups["path"].Value[starter.Length..];
            var caption = placed.Closest("div.starter")?.QuerySelector("p.starter-caption");
            var quoted = caption?.QuerySelectorAll("code").Select(c => c.TextContent).ToList() ?? [];
            var source = File.ReadAllText(RepositoryRoot.InRoot($"steps/{step}/{file}"));
            if (quoted.Count == 0 || quoted[0] != file)
            {
                problems.Add($"{where}: the code should have a <p class=\"starter-caption\"> that starts with <code>{file}</code>");
            }
            else if (quoted.Skip(1).FirstOrDefault(q => !source.Contains(q, StringComparison.Ordinal)) is { } stale)
            {
                problems.Add($"{where}: the caption quotes {stale}, which steps/{step}/{file} does not have");
            }
        }

        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
    }

    /// <summary>
    /// A sample failure message quoted in the docs ("Step 03, task 1: …") is one a starter really gives: a stub's own
    /// words (solutions/stubs.txt), so a sample cannot drift from its task (it once quoted task 2's words under task 1).
    /// </summary>
    [Fact]
    public void Every_sample_task_message_in_the_docs_is_a_stubs_own()
    {
        var stubs = File.ReadAllText(RepositoryRoot.InRoot("solutions/stubs.txt"));
        var samples = Directory.EnumerateFiles(DocsPaths.Docs, "*.md", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}_site{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select(line => (File: Path.GetRelativePath(DocsPaths.Docs, f), Line: line.Trim())))
            .Where(x => SampleMessage().IsMatch(x.Line))
            .ToList();

        samples.ShouldNotBeEmpty("troubleshooting.md quotes a red test's message; this test checks such quotes");
        foreach (var (file, line) in samples)
        {
            stubs.ShouldContain(line, Case.Sensitive, $"docs/{file} quotes \"{line}\", which no stub in solutions/stubs.txt says: copy a stub's message whole");
        }
    }

    [GeneratedRegex(@"^Step \d\d, task \d+: .+; see steps/")]
    private static partial Regex SampleMessage();

    [Fact]
    public void No_code_block_on_the_site_is_empty()
    {
        site.RequireSite();

        // DocFX renders a code include whose region it cannot find as an empty block, silently. A diagram's source waits
        // in its data-diagram attribute (out of the search index) until the page's script puts it back.
        var empty = SitePages.HtmlFiles()
            .SelectMany(file => SitePages.Load(file).QuerySelectorAll("pre code")
                .Where(code => (code.TextContent + code.GetAttribute("data-diagram")).Trim().Length == 0)
                .Select(_ => SitePages.Relative(file)))
            .ToList();

        empty.ShouldBeEmpty($"empty code blocks (a code include whose region is gone?) on: {string.Join(", ", empty)}");
    }

    [Fact]
    public void Every_code_include_names_a_compiled_source_and_a_region_it_has()
    {
        var problems = new List<string>();
        var includes = 0;

        foreach (var page in DocsMarkdown())
        {
            foreach (Match include in CodeInclude().Matches(File.ReadAllText(page)))
            {
                includes++;
                var where = $"{Path.GetRelativePath(RepositoryRoot.OfBinaries, page)}: {include.Value}";
                var source = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, include.Groups["path"].Value));
                var fromRoot = Path.GetRelativePath(RepositoryRoot.OfBinaries, source).Replace('\\', '/');
                var region = include.Groups["region"].Value;

                if (!File.Exists(source))
                {
                    problems.Add($"{where}: there is no {fromRoot}");
                }
                else if (!CompiledSources.Any(folder => fromRoot.StartsWith(folder, StringComparison.Ordinal)))
                {
                    problems.Add($"{where}: code comes from {string.Join(", ", CompiledSources)}, which the build compiles");
                }
                else if (region.Length > 0 && !SourceRegions.HasTags(source, region))
                {
                    problems.Add($"{where}: {fromRoot} has no region {region} (the tags // <{region}> and // </{region}>)");
                }
            }
        }

        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
        includes.ShouldBeGreaterThan(12);
    }

    /// <summary>Where code includes may take code from: the finished app, its sealing library, and the generated starters (their stubs).</summary>
    private static readonly string[] CompiledSources = ["solutions/SessionApp/", "lib/IronSealing/", "steps/"];

    /// <summary>C# on the site comes from compiled files through code includes; a fenced C# block would be a copy that rots.</summary>
    [Fact]
    public void No_docs_page_holds_hand_written_CSharp()
    {
        var copies = DocsMarkdown()
            .SelectMany(page => File.ReadAllLines(page)
                .Select((line, i) => (line, i))
                .Where(x => CSharpFence().IsMatch(x.line))
                .Select(x => $"{Path.GetRelativePath(RepositoryRoot.OfBinaries, page)}:{x.i + 1}"))
            .ToList();

        copies.ShouldBeEmpty($"use a code include instead of a fenced C# block at: {string.Join(", ", copies)}");
    }

    private static bool IsTaskHeading(IElement? element, int task) => element is { LocalName: "h3" } && element.Id == $"task-{task}";

    private static IElement Article(string step) =>
        SitePages.Page($"steps/{step}.html").QuerySelector("article") ?? throw new InvalidOperationException($"steps/{step}.html has no <article>.");

    private static IReadOnlyList<string> TaskNumbers(string markdown, string heading) =>
        [.. File.ReadAllLines(markdown)
            .Select(line => Regex.Match(line, $@"^{heading}\s+Task\s+(\d+)\b"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)];

    /// <summary>The site's pages: the Markdown under docs/, but not the build output, this project or docs/README.md.</summary>
    private static IEnumerable<string> DocsMarkdown() =>
        Directory.EnumerateFiles(DocsPaths.Docs, "*.md", SearchOption.AllDirectories)
            .Where(f =>
            {
                var relative = Path.GetRelativePath(DocsPaths.Docs, f).Replace('\\', '/');
                return relative != "README.md"
                    && !relative.StartsWith("_site/", StringComparison.Ordinal)
                    && !relative.StartsWith("obj/", StringComparison.Ordinal)
                    && !relative.StartsWith("Docs.Tests/", StringComparison.Ordinal);
            });

    [GeneratedRegex(@"\[!code-[\w-]+\[[^\]]*\]\((?<path>[^)#?]+)(?:#(?<region>[\w.-]+))?(?:\?[^)]*)?\)\]")]
    private static partial Regex CodeInclude();

    [GeneratedRegex(@"^\s*(```|~~~)\s*(csharp|cs|c#)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CSharpFence();
}
