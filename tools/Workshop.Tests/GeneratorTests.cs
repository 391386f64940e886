using System.Text.RegularExpressions;
using Shouldly;

namespace Workshop.Tests;

/// <summary>One source of truth: the committed starters are exactly what the generator makes from the solution.</summary>
public sealed class GeneratorTests
{
    public static TheoryData<int> Steps() => [.. Step.All.Select(s => s.Number)];

    /// <summary>The tutorial's own steps, 01 to 06 (07 and 08 go beyond it).</summary>
    public static TheoryData<int> TutorialSteps() => [.. Step.All.Select(s => s.Number).Where(n => n <= 6)];

    /// <summary>Every step that has a next one.</summary>
    public static TheoryData<int> StepsWithANext() => [.. Step.All.Select(s => s.Number).SkipLast(1)];

    [Theory]
    [MemberData(nameof(Steps))]
    public void The_committed_starter_is_what_the_generator_makes(int number)
    {
        var step = StepArgument.Get(number);

        var drift = Generator.Differences(new Generator(Sandbox.Real).Starter(step), Generator.ReadFolder(Sandbox.Real.StarterFolder(step)));

        drift.ShouldBeEmpty($"steps/{step.Folder}/SessionApp drifted from solutions/: run `dotnet run --project tools/Workshop -- generate` and commit");
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Each_place_to_change_in_a_starter_has_exactly_one_TODO_naming_the_step_and_task(int number)
    {
        var step = StepArgument.Get(number);
        var generator = new Generator(Sandbox.Real);
        var ownRegions = generator.RegionNames().Where(r => r.StartsWith($"step{step.Id}-", StringComparison.Ordinal)).ToList();

        var todos = generator.Starter(step).Values.SelectMany(text => Markers.Todo().Matches(text)).Where(m => m.Groups["step"].Value == step.Id).ToList();

        ownRegions.ShouldNotBeEmpty();
        todos.Count.ShouldBe(ownRegions.Count, "one TODO per region the step writes");
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void The_code_names_in_a_starters_stubs_are_names_its_code_has(int number)
    {
        var step = StepArgument.Get(number);
        var starter = new Generator(Sandbox.Real).Starter(step).Where(f => f.Key.EndsWith(".cs", StringComparison.Ordinal) || f.Key.EndsWith(".js", StringComparison.Ordinal));
        var lines = starter.SelectMany(f => f.Value.Split('\n')).ToList();
        var stubLines = lines.Where(l => l.Contains($"Step {step.Id}, task", StringComparison.Ordinal)).ToList();
        var code = string.Join('\n', lines.Except(stubLines));

        // A compound name (SessionSeals, IronSealer) in a stub's TODO or message must be a name the learner can find.
        var missing = stubLines
            .SelectMany(l => Regex.Matches(l, @"(?<![\w./#-])[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+\b").Select(m => m.Value))
            .Distinct(StringComparer.Ordinal)
            .Where(name => !Regex.IsMatch(code, $@"\b{name}\b") && !FrameworkNames.Contains(name))
            .ToList();

        missing.ShouldBeEmpty($"steps/{step.Folder}: a stub's TODO or message (solutions/stubs.txt) names code the starter does not have");
    }

    /// <summary>Framework types a stub may name although the starter's code does not (yet) use them (none so far).</summary>
    private static readonly HashSet<string> FrameworkNames = new(StringComparer.Ordinal);

    [Fact]
    public void Stub_messages_point_to_a_task_section_of_the_step_README()
    {
        var stubs = File.ReadAllText(Sandbox.Real.StubsFile);

        foreach (Match m in Regex.Matches(stubs, @"Step (?<step>\d\d), task (?<task>\d+)[^""\n]*see (?<link>steps/[^ ""]+)"))
        {
            var step = StepArgument.Get(int.Parse(m.Groups["step"].Value, System.Globalization.CultureInfo.InvariantCulture));
            m.Groups["link"].Value.ShouldBe($"steps/{step.Folder}/README.md#task-{m.Groups["task"].Value}");
        }
    }

    [Fact]
    public void The_finished_rendering_is_the_solution_itself_without_its_tags()
    {
        var generator = new Generator(Sandbox.Real);

        var finished = generator.Finished();

        var withoutTags = Generator.ReadFolder(Sandbox.Real.Solution).ToDictionary(
            f => f.Key,
            f => string.Join('\n', f.Value.Split('\n').Where(l =>
                !Markers.RegionStart().IsMatch(l) && !Markers.RegionEnd().IsMatch(l) && !Markers.PresenceTag().IsMatch(l))));
        Generator.Differences(finished, withoutTags).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void A_starter_holds_only_its_own_steps_TODOs(int number)
    {
        var step = StepArgument.Get(number);

        var todos = new Generator(Sandbox.Real).Starter(step)
            .SelectMany(f => Markers.Todo().Matches(f.Value).Select(m => (File: f.Key, Step: m.Groups["step"].Value)))
            .ToList();

        todos.Where(t => t.Step != step.Id).ShouldBeEmpty($"{step}: a later step's code (and its TODO) must not be in this step's app yet; see solutions/steps.txt");
        todos.ShouldNotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TutorialSteps))]
    public void The_tutorials_steps_hold_no_login_revocation_or_Redis(int number)
    {
        var step = StepArgument.Get(number);

        var starter = new Generator(Sandbox.Real).Starter(step);

        starter.Keys.Where(f => f.StartsWith("Login/", StringComparison.Ordinal) || f.StartsWith("Revocation/", StringComparison.Ordinal)).ShouldBeEmpty();
        starter.Where(f => f.Value.Contains("Revocation", StringComparison.Ordinal) || f.Value.Contains("StackExchange", StringComparison.Ordinal)
                || f.Value.Contains("LoginEndpoints", StringComparison.Ordinal))
            .Select(f => f.Key).ShouldBeEmpty($"{step}: the login is step 07's, revocation and Redis step 08's");
    }

    [Theory]
    [MemberData(nameof(StepsWithANext))]
    public void The_next_step_only_adds_to_a_solved_step(int number)
    {
        var generator = new Generator(Sandbox.Real);
        var solved = generator.Solved(StepArgument.Get(number));
        var next = generator.Starter(StepArgument.Get(number + 1));

        foreach (var (file, text) in solved)
        {
            next.ShouldContainKey(file, $"step {number + 1} removed {file}");
            var later = next[file].Split('\n');
            var at = 0;
            foreach (var line in text.Split('\n'))
            {
                while (at < later.Length && later[at] != line)
                {
                    at++;
                }

                at.ShouldBeLessThan(later.Length, $"step {number + 1} changed {file} where step {number} left it: \"{line.Trim()}\" (a later feature plugs in through an extension point, never by rewriting earlier code)");
                at++;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Each_step_has_more_code_than_the_one_before(int number)
    {
        var generator = new Generator(Sandbox.Real);

        var lines = generator.Starter(StepArgument.Get(number)).Values.Sum(t => t.Split('\n').Length);
        var before = number == 1 ? 0 : generator.Starter(StepArgument.Get(number - 1)).Values.Sum(t => t.Split('\n').Length);

        lines.ShouldBeGreaterThan(before);
    }

    [Fact]
    public void A_region_without_a_stub_stops_the_generator()
    {
        using var sandbox = new Sandbox();
        var stubs = File.ReadAllText(sandbox.Repository.StubsFile);
        File.WriteAllText(sandbox.Repository.StubsFile, stubs.Replace("@@ step05-clear-cookie", "@@ step05-renamed", StringComparison.Ordinal));

        Should.Throw<InvalidOperationException>(() => new Generator(sandbox.Repository).Starter(StepArgument.Get(1))).Message.ShouldContain("step05");
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Each_stub_in_a_starter_sits_between_tags_the_docs_can_include(int number)
    {
        var step = StepArgument.Get(number);
        var generator = new Generator(Sandbox.Real);
        var starter = generator.Starter(step);
        var stubbed = generator.RegionTasks().Keys.Where(r => int.Parse(r[4..6], System.Globalization.CultureInfo.InvariantCulture) == number).ToList();

        foreach (var region in stubbed)
        {
            var tag = Generator.StubTag(region);
            var holder = starter.Where(f => f.Value.Contains($"// <{tag}>", StringComparison.Ordinal)).ToList();
            holder.Count.ShouldBe(1, $"{step}: the stub of {region} should be wrapped once in // <{tag}> ... // </{tag}>");
            var text = holder[0].Value;
            var inside = text[text.IndexOf($"// <{tag}>", StringComparison.Ordinal)..text.IndexOf($"// </{tag}>", StringComparison.Ordinal)];
            inside.ShouldContain("// TODO: Step ", Case.Sensitive, $"{step}: the tagged lines of {region} should hold its TODO");
        }
    }
}
