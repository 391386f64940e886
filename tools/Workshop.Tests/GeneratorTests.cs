using System.Text.RegularExpressions;
using Shouldly;

namespace Workshop.Tests;

/// <summary>One source of truth: the committed starters are exactly what the generator makes from the solution.</summary>
public sealed class GeneratorTests
{
    public static TheoryData<int> Steps() => [.. Step.All.Select(s => s.Number)];

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
    public void The_last_step_solved_is_the_solution_itself()
    {
        var generator = new Generator(Sandbox.Real);

        var solved = generator.Solved(Step.All[^1]);

        var withoutMarkers = Generator.ReadFolder(Sandbox.Real.Solution).ToDictionary(
            f => f.Key,
            f => string.Join('\n', f.Value.Split('\n').Where(l => !Markers.RegionStart().IsMatch(l) && !Markers.RegionEnd().IsMatch(l))));
        Generator.Differences(solved, withoutMarkers).ShouldBeEmpty();
    }

    [Fact]
    public void A_region_without_a_stub_stops_the_generator()
    {
        using var sandbox = new Sandbox();
        var stubs = File.ReadAllText(sandbox.Repository.StubsFile);
        File.WriteAllText(sandbox.Repository.StubsFile, stubs.Replace("@@ step05-clear-cookie", "@@ step05-renamed", StringComparison.Ordinal));

        Should.Throw<InvalidOperationException>(() => new Generator(sandbox.Repository).Render(0)).Message.ShouldContain("step05");
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Each_stub_in_a_starter_sits_between_tags_the_docs_can_include(int number)
    {
        var step = StepArgument.Get(number);
        var generator = new Generator(Sandbox.Real);
        var starter = generator.Starter(step);
        var stubbed = generator.RegionTasks().Keys.Where(r => int.Parse(r[4..6], System.Globalization.CultureInfo.InvariantCulture) >= number).ToList();

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
