using Shouldly;

namespace Workshop.Tests;

/// <summary>The verbs that build and run steps (status) or the whole solution (doctor): minutes, so they run in the full run.</summary>
public sealed class SlowCliTests
{
    private static Task<int> Run(Sandbox sandbox, TestConsole console, params string[] args) =>
        Cli.RunAsync(args, sandbox.Repository, console);

    [Fact]
    public async Task Status_shows_a_red_starter_with_its_next_task()
    {
        using var sandbox = new Sandbox();
        var console = new TestConsole();

        var exit = await Run(sandbox, console, "status", "5");

        exit.ShouldBe(Cli.ExitFailed);
        console.Text.ShouldContain("05-destroy");
        console.Text.ShouldContain("task 1");
    }

    [Fact]
    public async Task Status_shows_a_solved_step_as_done()
    {
        using var sandbox = new Sandbox();
        await Run(sandbox, new TestConsole(), "solve", "1", "--yes");
        var console = new TestConsole();

        var exit = await Run(sandbox, console, "status", "1");

        exit.ShouldBe(Cli.ExitOk, console.Text);
        console.Text.ShouldContain("done");
    }

    [Fact]
    public async Task Doctor_finds_the_SDK_restores_and_reports_the_browser_or_how_to_get_one()
    {
        var console = new TestConsole();

        var exit = await Cli.RunAsync(["doctor"], Sandbox.Real, console);

        console.Text.ShouldContain(".NET SDK 10.");
        console.Text.ShouldContain("a browser for step 06");
        if (BrowserLocator.Executable is null)
        {
            // Declined the download (the test console answers no): the doctor names the fix and fails.
            exit.ShouldBe(Cli.ExitFailed, console.Text);
            console.Text.ShouldContain(BrowserLocator.Variable);
        }
        else
        {
            exit.ShouldBe(Cli.ExitOk, console.Text);
        }
    }
}
