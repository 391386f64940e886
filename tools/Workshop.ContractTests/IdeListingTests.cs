using Shouldly;

namespace Workshop.Tests;

/// <summary>
/// What an IDE's test explorer sees: `dotnet test --list-tests` lists every step's own tests, whether it starts at
/// the repository root or in the step's folder; the learner's solution, Workshop.slnx, lists each step's test project
/// in its configuration Steps (the one an IDE is set to for the steps), and none in its default Debug, which is what
/// `dotnet test` at the root runs.
/// </summary>
public sealed class IdeListingTests
{
    public static TheoryData<int> Steps() => [.. Step.All.Select(s => s.Number)];

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_steps_tests_are_listed_from_the_root_and_from_its_folder(int number)
    {
        var step = StepArgument.Get(number);
        var root = Sandbox.Real.Root;
        var own = $"SessionApp.Tests.{step.Area}.";

        var fromRoot = await ProcessRunner.RunAsync("dotnet", ["test", "--project", step.Path, "--list-tests"], root, TimeSpan.FromMinutes(5), cancellationToken: TestContext.Current.CancellationToken);
        var fromFolder = await ProcessRunner.RunAsync("dotnet", ["test", "--list-tests"], Path.Combine(root, "steps", step.Folder), TimeSpan.FromMinutes(5), cancellationToken: TestContext.Current.CancellationToken);

        fromRoot.ExitCode.ShouldBe(0, fromRoot.Output);
        fromRoot.Output.ShouldContain(own, customMessage: $"`dotnet test --project {step.Path} --list-tests` from the root lists none of step {step.Id}'s tests");
        fromFolder.ExitCode.ShouldBe(0, fromFolder.Output);
        fromFolder.Output.ShouldContain(own, customMessage: $"`dotnet test --list-tests` in {step.Path} lists none of its tests");
    }

    [Fact]
    public async Task The_learners_solution_lists_every_steps_test_project_in_Steps_and_none_in_its_default()
    {
        var root = Sandbox.Real.Root;
        var steps = await ProcessRunner.RunAsync("dotnet", ["test", "-c", "Steps", "--list-tests"], root, TimeSpan.FromMinutes(15), cancellationToken: TestContext.Current.CancellationToken);
        var byDefault = await ProcessRunner.RunAsync("dotnet", ["test", "--list-tests"], root, TimeSpan.FromMinutes(10), cancellationToken: TestContext.Current.CancellationToken);

        steps.ExitCode.ShouldBe(0, steps.Output);
        byDefault.ExitCode.ShouldBe(0, byDefault.Output);
        foreach (var step in Step.All)
        {
            var assembly = Path.GetFileNameWithoutExtension(step.TestProject) + ".dll";
            steps.Output.ShouldContain(assembly, customMessage: $"`dotnet test -c Steps --list-tests` at the root lists no tests of {step.TestProject}: is it in Workshop.slnx, built in Steps?");
            byDefault.Output.ShouldNotContain(assembly, customMessage: $"`dotnet test --list-tests` at the root lists {step.TestProject}: the default configuration must leave the red starters out");
            byDefault.Output.ShouldContain($"SessionApp.Tests.{step.Area}.", customMessage: $"`dotnet test --list-tests` at the root lists none of step {step.Id}'s tests run against the finished app (solutions/SessionApp.Tests)");
        }
    }
}
