using System.Text.RegularExpressions;
using Shouldly;

namespace Workshop.Tests;

/// <summary>
/// The demo script (docs/demo-script.md) counts red tests in words ("Step 04: nineteen red tests", "Task 1 ...: sixteen
/// tests"). Those numbers come from the tests themselves: each test's <c>[Task(K)]</c> (the manifest), so a test
/// added or moved to another task turns this red until the guide says the new number.
/// </summary>
public sealed partial class GuideNumbersTests
{
    private static readonly string[] Words =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    ];

    [GeneratedRegex(@"^### Step (?<step>\d\d)\b[^:\n]*: (?<count>\w+) red tests?$", RegexOptions.Multiline)]
    private static partial Regex StepHeading();

    // "**Task 1**, ...: eleven tests turn green", "**Optional task 2**, ...: five tests": the first count in the paragraph.
    private static readonly Regex TaskParagraph = new(
        $@"^\*\*(?:Optional task|Task) (?<task>\d+)\*\*[^\n]*(?:\n(?!\n)[^\n]*)*?\b(?<count>{string.Join('|', Words.Skip(1))}) tests?\b",
        RegexOptions.Multiline | RegexOptions.IgnoreCase);

    public static TheoryData<int> Steps() => [.. Step.All.Select(s => s.Number)];

    private static string Section(int number)
    {
        var guide = File.ReadAllText(Path.Combine(Sandbox.Real.Root, "docs", "demo-script.md")).ReplaceLineEndings("\n");
        var start = guide.IndexOf($"\n### Step {number:00}", StringComparison.Ordinal);
        start.ShouldBePositive($"docs/demo-script.md has no '### Step {number:00}' section in its demo script");
        var end = guide.IndexOf("\n##", start + 1, StringComparison.Ordinal);
        return end < 0 ? guide[(start + 1)..] : guide[(start + 1)..end];
    }

    private static int Number(string word)
    {
        var n = Array.IndexOf(Words, word.ToLowerInvariant());
        n.ShouldBeGreaterThanOrEqualTo(0, $"'{word}' is not a count the guide uses (zero to twenty)");
        return n;
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void The_guide_says_how_many_tests_are_red_on_each_starter_as_the_tests_declare(int number)
    {
        var step = StepArgument.Get(number);
        var declared = Manifest.Declared(Sandbox.Real, step).All.Count;

        var heading = StepHeading().Match(Section(number));

        heading.Success.ShouldBeTrue($"the guide's step {step.Id} section starts with '### Step {step.Id} ...: <count> red tests'");
        Number(heading.Groups["count"].Value).ShouldBe(declared, $"docs/demo-script.md, '{heading.Value}': {step.Path}'s tests declare {declared} red on the starter ([Task(K)], K > 0); write {Words[Math.Min(declared, Words.Length - 1)]}");
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void The_guide_says_how_many_tests_each_task_turns_green_as_the_tests_declare(int number)
    {
        var step = StepArgument.Get(number);
        var manifest = Manifest.Declared(Sandbox.Real, step);

        var paragraphs = TaskParagraph.Matches(Section(number)).ToList();

        foreach (var paragraph in paragraphs)
        {
            var task = int.Parse(paragraph.Groups["task"].Value, System.Globalization.CultureInfo.InvariantCulture);
            Number(paragraph.Groups["count"].Value).ShouldBe(manifest.Of(task).Count, $"docs/demo-script.md, step {step.Id} task {task} says '{paragraph.Groups["count"].Value} tests'; {manifest.Of(task).Count} declare [Task({task})]");
        }
    }
}
