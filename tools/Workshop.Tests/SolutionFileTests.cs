using System.Xml.Linq;
using Shouldly;

namespace Workshop.Tests;

/// <summary>
/// The two solutions keep their jobs: Workshop.slnx (the learner's, at the root) groups each step under its folder and
/// leaves the red starters out of its default build, so `dotnet test` at the root runs no starter; the maintainers'
/// suites sit in tools/Maintainers.slnx. Every project of the repository is in one of them, and every test project in
/// exactly one, so CI (which runs both) runs each test once and misses none.
/// </summary>
public sealed class SolutionFileTests
{
    private const string Learners = "Workshop.slnx";
    private const string Maintainers = "tools/Maintainers.slnx";

    private static readonly string Root = Sandbox.Real.Root;

    /// <summary>What a test project's file names: xunit.v3 itself, or the test kit's props that bring it.</summary>
    private static readonly string[] TestMarkers = ["xunit.v3", "Testkit.props", "StepTests.props"];

    public static TheoryData<int> Steps() => [.. Step.All.Select(s => s.Number)];

    [Theory]
    [MemberData(nameof(Steps))]
    public void A_step_sits_in_its_own_folder_of_the_learners_solution_and_builds_only_in_the_Steps_configuration(int number)
    {
        var step = StepArgument.Get(number);
        var folder = Solution(Learners).Root!.Elements("Folder").SingleOrDefault(f => (string?)f.Attribute("Name") == $"/{step.Path}/");
        folder.ShouldNotBeNull($"{Learners} has no solution folder /{step.Path}/: add one holding the step's two projects, as the other steps have.");

        foreach (var project in new[] { $"{step.Path}/SessionApp/SessionApp.csproj", $"{step.Path}/{step.TestProject}" })
        {
            var element = folder.Elements("Project").SingleOrDefault(p => (string?)p.Attribute("Path") == project);
            element.ShouldNotBeNull($"{Learners}: /{step.Path}/ does not hold {project}.");
            BuildsIn(element, "Debug").ShouldBeFalse($"{Learners} builds {project} in Debug: `dotnet test` at the root would run a red starter. Add <Build Solution=\"Debug|*\" Project=\"false\" />.");
            BuildsIn(element, "Steps").ShouldBeTrue($"{Learners} does not build {project} in Steps, the configuration an IDE uses to show every step's tests.");
            element.Elements("BuildType").Any(b => (string?)b.Attribute("Solution") == "Steps|*" && (string?)b.Attribute("Project") == "Debug")
                .ShouldBeTrue($"{Learners}: {project} must build as Debug in Steps (<BuildType Solution=\"Steps|*\" Project=\"Debug\" />), so the IDE and `dotnet test` in the step folder share one build.");
        }
    }

    [Fact]
    public void Every_project_is_in_a_solution_and_every_test_project_in_exactly_one()
    {
        var learners = Projects(Learners);
        var maintainers = Projects(Maintainers);
        var all = Directory.EnumerateFiles(Root, "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Root, p).Replace('\\', '/'))
            .Where(p => !p.Split('/').Any(part => part is "bin" or "obj" or "node_modules"))
            .ToList();
        all.Count.ShouldBeGreaterThan(20, "the repository's projects were not found");

        var missing = all.Where(p => !learners.Contains(p) && !maintainers.Contains(p)).ToList();
        missing.ShouldBeEmpty($"projects in neither {Learners} nor {Maintainers} (CI would never build or run them)");

        var twice = all.Where(IsTestProject).Where(p => learners.Contains(p) && maintainers.Contains(p)).ToList();
        twice.ShouldBeEmpty($"test projects in both {Learners} and {Maintainers} (CI would run their tests twice)");

        var stale = learners.Concat(maintainers).Where(p => !all.Contains(p)).ToList();
        stale.ShouldBeEmpty("solution entries for projects that do not exist");
    }

    private static bool IsTestProject(string path) =>
        File.ReadAllText(Path.Combine(Root, path)) is var text
        && TestMarkers.Any(marker => text.Contains(marker, StringComparison.Ordinal));

    private static XDocument Solution(string relative) => XDocument.Load(Path.Combine(Root, relative));

    /// <summary>The solution's projects as paths from the repository root.</summary>
    private static HashSet<string> Projects(string relative)
    {
        var folder = Path.GetDirectoryName(Path.Combine(Root, relative))!;
        return [.. Solution(relative).Descendants("Project")
            .Select(p => Path.GetRelativePath(Root, Path.GetFullPath(Path.Combine(folder, (string)p.Attribute("Path")!))).Replace('\\', '/'))];
    }

    /// <summary>Whether a project of an .slnx builds in a solution configuration: yes, unless a Build element says no.</summary>
    private static bool BuildsIn(XElement project, string configuration) =>
        !project.Elements("Build").Any(b =>
            ((string?)b.Attribute("Solution") ?? "*").Split('|')[0] is var name && (name == "*" || name == configuration)
            && (string?)b.Attribute("Project") == "false");
}
