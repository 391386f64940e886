using Shouldly;

namespace Workshop.Tests;

/// <summary>
/// What an IDE's test explorer sees: `dotnet test --list-tests` lists every step's own tests, whether it starts at
/// the repository root (as Visual Studio, Rider and VS Code do with Workshop.sln) or in the step's folder.
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
}
