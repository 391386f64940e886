using System.Text.RegularExpressions;
using Shouldly;

namespace Workshop.Tests;

/// <summary>
/// What a learner opening a step folder meets first: the README names the files the step's tasks edit before any
/// section, and a link to a page that shows this step's solution says so, so nobody reads an answer by accident.
/// </summary>
public sealed partial class ReadmeTests
{
    public static TheoryData<int> Steps() => [.. Step.All.Select(s => s.Number)];

    [Theory]
    [MemberData(nameof(Steps))]
    public void A_README_names_the_files_its_tasks_edit_before_its_first_section(int number)
    {
        var step = StepArgument.Get(number);
        var readme = Readme(step);
        var opening = readme[..readme.IndexOf("\n## ", StringComparison.Ordinal)];
        var edited = SourceTree.Files(Sandbox.Real.Solution)
            .Where(file => Markers.Regions(file, File.ReadAllText(file)).Any(region => region.Step == step.Number))
            .Select(file => "SessionApp/" + Path.GetRelativePath(Sandbox.Real.Solution, file).Replace('\\', '/'))
            .ToList();
        edited.ShouldNotBeEmpty();

        var missing = edited.Where(file => !opening.Contains($"`{file}`", StringComparison.Ordinal)).ToList();
        missing.ShouldBeEmpty($"steps/{step.Folder}/README.md should name, before its first section, each file its tasks edit (as `SessionApp/...`)");
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void A_README_that_links_a_page_showing_its_own_solution_says_so(int number)
    {
        var step = StepArgument.Get(number);
        var folder = Path.Combine(Sandbox.Real.Root, "steps", step.Folder);
        var unsaid = new List<string>();
        foreach (var paragraph in Readme(step).Split("\n\n"))
        {
            foreach (Match link in MarkdownLink().Matches(paragraph))
            {
                var target = Path.GetFullPath(Path.Combine(folder, link.Groups["path"].Value));
                if (File.Exists(target) && File.ReadAllText(target).Contains($"#step{step.Id}-", StringComparison.Ordinal)
                    && !paragraph.Contains("solution", StringComparison.OrdinalIgnoreCase))
                {
                    unsaid.Add(link.Value);
                }
            }
        }

        unsaid.ShouldBeEmpty($"steps/{step.Folder}/README.md links pages that show step {step.Id}'s solution without saying so (say which task's solution, and that it is collapsed)");
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void The_tests_a_README_task_names_declare_that_task(int number)
    {
        var step = StepArgument.Get(number);
        var declared = Manifest.DeclaredTasks(Sandbox.Real, step).ToDictionary(t => t.Key[(t.Key.LastIndexOf('.') + 1)..], t => t.Value);
        var wrong = new List<string>();
        var named = 0;
        foreach (Match task in TaskSection().Matches(Readme(step)))
        {
            var taskNumber = int.Parse(task.Groups["task"].Value, System.Globalization.CultureInfo.InvariantCulture);
            foreach (Match name in CheckedBy().Matches(task.Groups["body"].Value).SelectMany(c => InlineName().Matches(c.Value)))
            {
                if (declared.TryGetValue(name.Groups["name"].Value, out var declaredTask))
                {
                    named++;
                    if (declaredTask != taskNumber)
                    {
                        wrong.Add($"{name.Groups["name"].Value} is named under Task {taskNumber} but declares [Task({declaredTask})]");
                    }
                }
            }
        }

        named.ShouldBeGreaterThan(0, $"steps/{step.Folder}/README.md names none of its tests under its tasks");
        wrong.ShouldBeEmpty($"steps/{step.Folder}/README.md: a test named under a task must declare that task (its [Task(K)] in Tests/)");
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void A_step_test_takes_its_step_and_task_from_its_declaration_not_from_its_text(int number)
    {
        var step = StepArgument.Get(number);
        var tests = Directory.GetFiles(Path.Combine(Sandbox.Real.Root, "steps", step.Folder, "Tests"), "*.cs", SearchOption.AllDirectories);
        var written = tests
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => Markers.Task().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        written.ShouldBeEmpty(
            $"steps/{step.Folder}/Tests: a message that writes \"Step NN, task K\" can name another task than the test's [Task(K)]; use ThisTask.Says(\"what is wrong and why.\") (testkit/Xunit/ThisTask.cs)");
    }

    private static string Readme(Step step) =>
        File.ReadAllText(Path.Combine(Sandbox.Real.Root, "steps", step.Folder, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>A "### Task K" section of a README, up to the next heading of its level or above.</summary>
    [GeneratedRegex(@"^### Task (?<task>\d+)[^\n]*\n(?<body>.*?)(?=^#{1,3} |\z)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex TaskSection();

    /// <summary>A "Checked by ..." sentence: to the first full stop that ends a sentence, or the paragraph's end.</summary>
    [GeneratedRegex(@"Checked by .*?(?:\.(?=\s)|\n\n|\z)", RegexOptions.Singleline)]
    private static partial Regex CheckedBy();

    [GeneratedRegex(@"`(?<name>[A-Za-z]\w*_\w+)`")]
    private static partial Regex InlineName();

    [GeneratedRegex(@"\]\((?<path>[^)#:]+\.md)(#[^)]*)?\)")]
    private static partial Regex MarkdownLink();
}
