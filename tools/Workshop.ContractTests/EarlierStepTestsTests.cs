using System.Text.Json;
using Shouldly;

namespace Workshop.Tests;

/// <summary>
/// A step's test project runs the tests of every earlier step (steps/StepTests.props computes them from the step
/// folders on disk): what MSBuild hands the compiler is checked against the folders themselves, so a step that
/// would be left out, or one that would come too early, fails here.
/// </summary>
public sealed class EarlierStepTestsTests
{
    public static TheoryData<int> Steps() => [.. Step.All.Select(s => s.Number)];

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_steps_test_project_compiles_the_tests_of_every_earlier_step_and_no_later_one(int number)
    {
        var step = StepArgument.Get(number);
        var root = Sandbox.Real.Root;
        var stepsFolder = Path.Combine(root, "steps");
        var expected = Directory.EnumerateDirectories(stepsFolder)
            .Where(folder => string.CompareOrdinal(Path.GetFileName(folder), step.Folder) < 0)
            .SelectMany(folder => Directory.Exists(Path.Combine(folder, "Tests"))
                ? Directory.EnumerateFiles(Path.Combine(folder, "Tests"), "*.cs", SearchOption.AllDirectories)
                : [])
            .Where(file => !Path.GetRelativePath(stepsFolder, file).Replace('\\', '/').Contains("/Tests/Browser/", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        var project = $"{step.Path}/{step.TestProject}";
        var result = await ProcessRunner.RunAsync("dotnet", ["msbuild", project, "-t:LinkEarlierStepTests", "-getItem:Compile"], root,
            TimeSpan.FromMinutes(2), cancellationToken: TestContext.Current.CancellationToken);
        result.ExitCode.ShouldBe(0, result.Output);

        using var json = JsonDocument.Parse(result.StandardOutput);
        var linked = json.RootElement.GetProperty("Items").GetProperty("Compile").EnumerateArray()
            .Where(item => item.TryGetProperty("Link", out var link) && link.GetString()!.StartsWith("Earlier/", StringComparison.Ordinal))
            .Select(item => Path.GetRelativePath(root, item.GetProperty("FullPath").GetString()!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        linked.ShouldBe(expected, $"{project} must compile the tests of every step folder before {step.Folder} (steps/StepTests.props), and no other's");
    }
}
