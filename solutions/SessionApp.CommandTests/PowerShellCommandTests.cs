using Shouldly;
using Workshop.Testkit;

namespace SessionApp.Tests.Commands;

/// <summary>
/// Every PowerShell block of the step READMEs, run under the pinned pwsh from its step folder, as a learner would,
/// against the finished app (its address in place of localhost:5080), prints what the README says it does: the
/// <c>&lt;!-- expect: text --&gt;</c> lines right under the block, in their order, and none of its
/// <c>&lt;!-- expect not: text --&gt;</c>. A block that starts the app runs the finished app's build instead, in
/// Development as <c>dotnet run</c>'s launch profile sets it, on a free port: only a block that expects the app to stop (a bad
/// setting) can have expectations, since an app that keeps running never lets the block end.
/// </summary>
public sealed class PowerShellCommandTests(DevelopmentApp app, PowerShell pwsh) : IClassFixture<DevelopmentApp>, IClassFixture<PowerShell>
{
    private const string RunTheStepApp = "dotnet run --project SessionApp";

    private static readonly string[] BuildsOrStarts = ["dotnet test", "dotnet watch", "dotnet build", "dotnet run"];

    public static TheoryData<string, int> ExpectedBlocks => [.. Documents.PowerShellBlocks().Where(b => b.IsExpected).Select(b => (b.File, b.Line))];

    [Theory]
    [MemberData(nameof(ExpectedBlocks))]
    public async Task A_PowerShell_block_of_a_step_README_prints_what_the_README_says(string file, int line)
    {
        pwsh.EnsureReady();
        var block = Documents.PowerShellBlocks().Single(b => b.File == file && b.Line == line);
        var command = block.Code
            .Replace(Documents.DocumentedAuthority, app.Authority, StringComparison.Ordinal)
            .Replace(RunTheStepApp, $"dotnet '{Path.Combine(AppContext.BaseDirectory, "SessionApp.dll")}' --urls http://127.0.0.1:0", StringComparison.Ordinal);
        BuildsOrStarts.Where(c => command.Contains(c, StringComparison.Ordinal)).ShouldBeEmpty(
            $"{block}: a block with expectations may start the app only as '{RunTheStepApp}' (run here as the finished app's build); "
            + "one that builds or tests cannot be checked in seconds, so it takes no '<!-- expect: ... -->'.");

        var result = await PowerShell.RunAsync(
            command,
            Path.GetDirectoryName(RepositoryRoot.InRoot(block.File))!,
            new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development", // what `dotnet run`'s launch profile sets
                ["no_proxy"] = "127.0.0.1,localhost", // a machine's HTTP_PROXY must not carry requests to the app on loopback
                ["NO_PROXY"] = "127.0.0.1,localhost",
            });

        var ran = $"{block} ran, under pwsh {pwsh.PinnedVersion}:{Environment.NewLine}{command}{Environment.NewLine}"
            + $"It exited {(result.TimedOut ? "never (stopped at its time limit: does it start an app that keeps running?)" : result.ExitCode)} "
            + $"and printed:{Environment.NewLine}{result.Output}";
        result.TimedOut.ShouldBeFalse(ran);
        result.ExitCode.ShouldBe(0, ran);
        var from = 0;
        foreach (var expected in block.Contains)
        {
            var at = result.Output.IndexOf(expected, from, StringComparison.Ordinal);
            if (at < 0)
            {
                Assert.Fail($"'{expected}' should come next in what the block printed (the README's expect lines are in order). {ran}");
            }

            from = at + expected.Length;
        }

        foreach (var unexpected in block.Lacks)
        {
            result.Output.ShouldNotContain(unexpected, Case.Sensitive, $"The README says this is not printed. {ran}");
        }
    }

    [Fact]
    public void Every_PowerShell_block_without_expectations_only_builds_tests_or_starts_the_app()
    {
        var silent = Documents.PowerShellBlocks()
            .Where(b => !b.IsExpected)
            .Where(b => b.Code.Split('\n')
                .Select(l => l.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Any(l => !BuildsOrStarts.Any(c => l.StartsWith(c, StringComparison.Ordinal)) && !l.StartsWith("cd ", StringComparison.Ordinal)))
            .Select(b => b.ToString())
            .ToList();
        silent.ShouldBeEmpty(
            "These PowerShell blocks of the step READMEs run something other than dotnet test, watch, build or run, but say nothing "
            + "for the tests to check: put '<!-- expect: text it prints -->' right under each.");
    }
}
