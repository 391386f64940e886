using Shouldly;

namespace Workshop.Tests;

/// <summary>A learner's unused variable must not stop their build; CI (CI=true) still treats warnings as errors.</summary>
public sealed class LearnerBuildTests
{
    private static async Task<string> TreatWarningsAsErrorsAsync(string project, string ci)
    {
        var result = await ProcessRunner.RunAsync(
            "dotnet", ["msbuild", project, "-getProperty:TreatWarningsAsErrors"], Sandbox.Real.Root, TimeSpan.FromMinutes(2),
            environment: new Dictionary<string, string?> { ["CI"] = ci }, cancellationToken: TestContext.Current.CancellationToken);
        result.ExitCode.ShouldBe(0, result.Output);
        return result.StandardOutput.Trim();
    }

    [Fact]
    public async Task Step_projects_keep_warnings_as_warnings_outside_CI_and_as_errors_in_CI()
    {
        (await TreatWarningsAsErrorsAsync("steps/03-store/Step03.Tests.csproj", "")).ShouldBe("false");
        (await TreatWarningsAsErrorsAsync("steps/03-store/SessionApp/SessionApp.csproj", "")).ShouldBe("false");
        (await TreatWarningsAsErrorsAsync("steps/03-store/SessionApp/SessionApp.csproj", "true")).ShouldBe("true");
        (await TreatWarningsAsErrorsAsync("solutions/SessionApp/SessionApp.csproj", "")).ShouldBe("true", "the finished app always treats warnings as errors");
    }
}
