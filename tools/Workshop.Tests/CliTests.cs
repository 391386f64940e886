using Shouldly;

namespace Workshop.Tests;

/// <summary>The workshop command's verbs, on a temporary copy of the repository.</summary>
public sealed class CliTests
{
    private static Task<int> Run(Sandbox sandbox, TestConsole console, params string[] args) =>
        Cli.RunAsync(args, sandbox.Repository, console);

    [Fact]
    public async Task Hint_shows_the_first_task_whose_TODO_is_still_there()
    {
        using var sandbox = new Sandbox();
        var console = new TestConsole();

        var exit = await Run(sandbox, console, "hint", "3");

        exit.ShouldBe(Cli.ExitOk);
        console.Text.ShouldContain("Step 03, task 1");
        console.Text.ShouldContain("## Task 1");
    }

    [Fact]
    public async Task Hint_moves_on_once_a_task_is_done()
    {
        using var sandbox = new Sandbox();
        var file = sandbox.StarterFile(3, "Session/SessionCookies.cs");
        // A learner who has done task 1 has replaced its TODO.
        File.WriteAllLines(file, File.ReadAllLines(file).Where(l => !l.Contains("// TODO: Step 03, task 1", StringComparison.Ordinal)));
        var console = new TestConsole();

        await Run(sandbox, console, "hint", "3");

        console.Text.ShouldContain("Step 03, task 2");
    }

    [Fact]
    public async Task Solve_writes_the_solution_into_an_untouched_step_without_asking()
    {
        using var sandbox = new Sandbox();
        var console = new TestConsole();

        var exit = await Run(sandbox, console, "solve", "4");

        exit.ShouldBe(Cli.ExitOk);
        console.Questions.ShouldBe(0);
        File.ReadAllText(sandbox.StarterFile(4, "Session/SessionCookies.cs")).ShouldNotContain("Step 04, task 1");
        Cli.OpenTasks(sandbox.Repository, StepArgument.Get(4)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Solve_asks_before_overwriting_learner_work_and_keeps_it_when_told_no()
    {
        using var sandbox = new Sandbox();
        var file = sandbox.StarterFile(5, "Session/SessionCookies.cs");
        File.AppendAllText(file, "// my work\n");
        var console = new TestConsole(answer: false);

        var exit = await Run(sandbox, console, "solve", "5");

        exit.ShouldBe(Cli.ExitDeclined);
        console.Questions.ShouldBe(1);
        console.Text.ShouldContain("Session/SessionCookies.cs");
        File.ReadAllText(file).ShouldEndWith("// my work\n");
    }

    [Fact]
    public async Task Reset_with_yes_puts_the_starter_back_over_learner_work()
    {
        using var sandbox = new Sandbox();
        var file = sandbox.StarterFile(2, "Program.cs");
        File.WriteAllText(file, "// broken by a learner\n");
        File.WriteAllText(sandbox.StarterFile(2, "Extra.cs"), "// a file the learner added\n");
        var console = new TestConsole();

        var exit = await Run(sandbox, console, "reset", "2", "--yes");

        exit.ShouldBe(Cli.ExitOk);
        console.Questions.ShouldBe(0);
        Generator.Differences(new Generator(sandbox.Repository).Starter(StepArgument.Get(2)), Generator.ReadFolder(sandbox.Repository.StarterFolder(StepArgument.Get(2)))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Generate_check_fails_when_a_starter_drifted_and_generate_repairs_it()
    {
        using var sandbox = new Sandbox();
        File.AppendAllText(sandbox.StarterFile(1, "Program.cs"), "// drift\n");

        var check = await Run(sandbox, new TestConsole(), "generate", "--check");
        var repair = await Run(sandbox, new TestConsole(), "generate");
        var again = await Run(sandbox, new TestConsole(), "generate", "--check");

        (check, repair, again).ShouldBe((Cli.ExitFailed, Cli.ExitOk, Cli.ExitOk));
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("hint", "9")]
    [InlineData("solve", "x")]
    public async Task Bad_usage_says_what_is_wrong_with_exit_code_2(params string[] args)
    {
        using var sandbox = new Sandbox();

        var error = await Should.ThrowAsync<UsageException>(() => Run(sandbox, new TestConsole(), args));

        error.Message.ShouldNotBeNullOrWhiteSpace();
    }
}
