using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Shouldly;

namespace Workshop.Tests;

/// <summary>The verbs that build and run steps (status) or every step (doctor): minutes, so they run in the full run.</summary>
public sealed partial class SlowCliTests(SlowCliTests.SharedSandbox shared) : IClassFixture<SlowCliTests.SharedSandbox>
{
    /// <summary>One sandbox for the status tests (each uses its own step), so the sealing library builds once.</summary>
    public sealed class SharedSandbox : IDisposable
    {
        public Sandbox Sandbox { get; } = new();

        public void Dispose() => Sandbox.Dispose();
    }

    [GeneratedRegex(@"^(?<step>\d\d-[a-z]+)\s+(?<passed>\d+)\s+(?<failed>\d+)\s+(?<skipped>\d+)\s", RegexOptions.Multiline)]
    private static partial Regex StatusRow();

    private static int Count(string output, string label) =>
        Regex.Match(output, $@"^\s*{label}:\s*(\d+)\s*$", RegexOptions.Multiline) is { Success: true } m
            ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : throw new ShouldAssertException($"dotnet test printed no '{label}:' line:{Environment.NewLine}{output}");

    private Repository Repository => shared.Sandbox.Repository;

    [Fact]
    public async Task Status_run_counts_the_test_cases_that_dotnet_test_in_the_step_folder_counts()
    {
        var step = StepArgument.Get(3);
        var console = new TestConsole();

        var exit = await Cli.RunAsync(["status", "3", "--run"], Repository, console);
        var dotnetTest = await ProcessRunner.RunAsync("dotnet", ["test"], Repository.StepFolder(step), cancellationToken: TestContext.Current.CancellationToken);

        exit.ShouldBe(Cli.ExitFailed, console.Text);
        Counts(console.Text, step).ShouldBe((Count(dotnetTest.Output, "succeeded"), Count(dotnetTest.Output, "failed"), Count(dotnetTest.Output, "skipped")), dotnetTest.Output);
        console.Text.ShouldContain("task 1: `dotnet run --project tools/Workshop -- hint 3`");
    }

    /// <summary>
    /// The learner's loop: `dotnet test` in a step folder keeps its results, and status reads them without building or
    /// running anything (the seconds a room asks for), with the counts dotnet test printed and the task to do.
    /// </summary>
    [Fact]
    public async Task After_dotnet_test_in_a_step_status_reads_its_results_and_starts_no_process()
    {
        var step = StepArgument.Get(5);
        var results = StepResults.FileOf(Repository.Root, step);
        if (File.Exists(results))
        {
            File.Delete(results); // a run of this step by another test of the shared sandbox must not count
        }
        var dotnetTest = await ProcessRunner.RunAsync("dotnet", ["test"], Repository.StepFolder(step), cancellationToken: TestContext.Current.CancellationToken);
        File.Exists(results).ShouldBeTrue($"dotnet test in {step.Path} wrote no .workshop/results/{step.Id}.json:{Environment.NewLine}{dotnetTest.Output}");
        var table = new TestConsole();
        var summary = new TestConsole();

        var starts = ProcessRunner.CountStarts();
        await Cli.RunAsync(["status", "5"], Repository, table);
        var exit = await Cli.RunAsync(["status", "--summary"], Repository, summary);

        starts.Started.ShouldBeEmpty("status read the results files; it must not build or run anything");
        exit.ShouldBe(Cli.ExitFailed, summary.Text);
        Counts(table.Text, step).ShouldBe((Count(dotnetTest.Output, "succeeded"), Count(dotnetTest.Output, "failed"), Count(dotnetTest.Output, "skipped")), dotnetTest.Output);
        summary.Text.Split('\n').Select(l => l.Trim()).ShouldContain("05-destroy: task 1 of 2");
        summary.Text.ShouldNotContain("Passed", Case.Sensitive, "the summary has no table");
    }

    [Fact]
    public async Task Status_summary_says_done_for_a_solved_step()
    {
        await Cli.RunAsync(["solve", "1", "--yes"], Repository, new TestConsole());
        var console = new TestConsole();

        var exit = await Cli.RunAsync(["status", "1", "--summary", "--run"], Repository, console);

        exit.ShouldBe(Cli.ExitOk, console.Text);
        console.Text.Split('\n').Select(l => l.Trim()).ShouldContain("01-setup: done");
    }

    private static (int Passed, int Failed, int Skipped) Counts(string statusOutput, Step step)
    {
        var row = StatusRow().Matches(statusOutput).FirstOrDefault(m => m.Groups["step"].Value == step.Folder);
        row.ShouldNotBeNull($"status printed no row with numbers for {step.Folder}:{Environment.NewLine}{statusOutput}");
        return (int.Parse(row.Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(row.Groups["failed"].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(row.Groups["skipped"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The doctor as a learner runs it, in a step folder, with a wrong WORKSHOP_BROWSER and the app's port taken: it
    /// must not crash, must build every step, and must end with one line per check naming each fix.
    /// </summary>
    [Fact]
    public async Task Doctor_never_crashes_and_ends_with_one_line_per_check_and_its_fix()
    {
        using var holder = new TcpListener(IPAddress.Loopback, Doctor.AppPort);
        try
        {
            holder.Start();
        }
        catch (SocketException)
        {
            // Something else holds the port already: the doctor must report it all the same.
        }

        var folder = Path.Combine(Sandbox.Real.Root, "steps", "03-store");
        var result = await ProcessRunner.RunAsync(
            "dotnet", [Path.Combine(AppContext.BaseDirectory, "Workshop.dll"), "doctor"], folder,
            timeout: TimeSpan.FromMinutes(25),
            environment: new Dictionary<string, string?> { [BrowserLocator.Variable] = "/nope/chrome" },
            cancellationToken: TestContext.Current.CancellationToken);

        result.ExitCode.ShouldBe(Cli.ExitFailed, result.Output);
        result.Output.ShouldNotContain("Unhandled exception");
        var lines = result.Output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        var checks = lines.SkipWhile(l => !l.StartsWith("✓ .NET SDK", StringComparison.Ordinal) && !l.StartsWith("✗ .NET SDK", StringComparison.Ordinal)).ToList();
        checks.Count.ShouldBe(3 + Step.All.Count + 2 + 1, result.Output); // SDK, tools, packages, the steps, port, browser; the verdict
        checks.SkipLast(1).ShouldAllBe(l => l.StartsWith("✓ ", StringComparison.Ordinal) || l.StartsWith("✗ ", StringComparison.Ordinal));
        checks[0].ShouldStartWith("✓ .NET SDK 10.");
        checks.ShouldContain(l => l.Contains("dotnet tools restored", StringComparison.Ordinal));
        foreach (var step in Step.All)
        {
            checks.ShouldContain(l => l.StartsWith($"✓ {step.Path} builds", StringComparison.Ordinal) || l.StartsWith($"✗ {step.Path} does not build", StringComparison.Ordinal));
            File.Exists(Path.Combine(Sandbox.Real.StepFolder(step), "bin", "Debug", "net10.0", Path.ChangeExtension(step.TestProject, ".dll"))).ShouldBeTrue($"{step.Path} was built");
        }

        checks.ShouldContain(l => l.StartsWith($"✗ port {Doctor.AppPort} is in use: ", StringComparison.Ordinal) && l.Contains("--urls", StringComparison.Ordinal));
        checks.ShouldContain(l => l.StartsWith("✗ a browser for step 06: ", StringComparison.Ordinal) && l.Contains("/nope/chrome", StringComparison.Ordinal));
        checks[^1].ShouldContain("dotnet run --project ../../tools/Workshop -- doctor", Case.Sensitive, "the fix line works in the folder the doctor ran from");
    }
}
