using Shouldly;

namespace Workshop.Tests;

/// <summary>The workshop command's verbs, on a temporary copy of the repository.</summary>
public sealed class CliTests
{
    private static Task<int> Run(Sandbox sandbox, TestConsole console, params string[] args) =>
        Cli.RunAsync(args, sandbox.Repository, console);

    [Fact]
    public async Task Reset_takes_y_for_yes()
    {
        using var sandbox = new Sandbox();
        var file = sandbox.StarterFile(3, "Session/SessionCookies.cs");
        File.AppendAllText(file, "// my work\n");
        var console = new TestConsole(answer: false);

        var exit = await Run(sandbox, console, "reset", "3", "-y");

        exit.ShouldBe(Cli.ExitOk, console.Text);
        console.Questions.ShouldBe(0);
        File.ReadAllText(file).ShouldNotContain("// my work");
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
    [InlineData("hint", "10")]
    [InlineData("solve", "x")]
    [InlineData("solve")]
    [InlineData("hint")]
    [InlineData("generate", "--chek")]
    [InlineData("status", "2", "3")]
    [InlineData("reset", "3", "--force")]
    public async Task Bad_usage_says_what_is_wrong_with_exit_code_2(params string[] args)
    {
        using var sandbox = new Sandbox();
        var console = new TestConsole();

        var exit = await Run(sandbox, console, args);

        exit.ShouldBe(Cli.ExitUsage, console.Text);
        console.Text.ShouldContain("--help", Case.Sensitive, "the message says where to read how to call the verb");
        console.Questions.ShouldBe(0);
    }

    [Theory]
    [InlineData(new[] { "solve" }, "Required argument missing for command: 'solve'")]
    [InlineData(new[] { "generate", "--chek" }, "'--chek'")]
    [InlineData(new[] { "frobnicate" }, "'frobnicate'")]
    [InlineData(new[] { "hint", "10" }, "There is no step 10: the steps are 1 to 9.")]
    [InlineData(new[] { "status", "2", "3" }, "'3'")]
    public async Task A_usage_error_names_what_is_wrong(string[] args, string message)
    {
        using var sandbox = new Sandbox();
        var console = new TestConsole();

        await Run(sandbox, console, args);

        console.Text.ShouldContain(message);
    }

    [Fact]
    public async Task A_misspelt_option_writes_nothing()
    {
        using var sandbox = new Sandbox();
        var file = sandbox.StarterFile(1, "Program.cs");
        File.AppendAllText(file, "// drift\n");

        var exit = await Run(sandbox, new TestConsole(), "generate", "--chek");

        exit.ShouldBe(Cli.ExitUsage);
        File.ReadAllText(file).ShouldEndWith("// drift\n", Case.Sensitive, "generate --chek must not regenerate the starters");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_lists_every_verb_and_exits_0(string help)
    {
        using var sandbox = new Sandbox();
        var console = new TestConsole();

        var exit = await Run(sandbox, console, help);

        exit.ShouldBe(Cli.ExitOk);
        foreach (var verb in new[] { "status", "hint", "solve", "reset", "doctor", "verify", "generate" })
        {
            console.Text.ShouldContain(verb);
        }
    }

    [Fact]
    public async Task A_verb_s_help_lists_its_options_and_exits_0()
    {
        using var sandbox = new Sandbox();
        var console = new TestConsole();

        var exit = await Run(sandbox, console, "solve", "--help");

        exit.ShouldBe(Cli.ExitOk);
        console.Text.ShouldContain("--yes");
        console.Text.ShouldContain("-y");
    }

    [Fact]
    public async Task No_verb_shows_the_help_with_exit_code_2()
    {
        using var sandbox = new Sandbox();
        var console = new TestConsole();

        var exit = await Run(sandbox, console);

        exit.ShouldBe(Cli.ExitUsage);
        console.Text.ShouldContain("hint");
    }

    [Fact]
    public async Task Hash_password_prints_a_hash_the_apps_hasher_accepts_and_the_settings_that_take_it()
    {
        using var sandbox = new Sandbox();
        var console = new TestConsole(secret: "correct horse");

        var exit = await Run(sandbox, console, "hash-password", "--username", "bob");

        exit.ShouldBe(Cli.ExitOk, console.Text);
        var hash = console.Text.Split('\n')[0].Trim();
        var hasher = new Microsoft.AspNetCore.Identity.PasswordHasher<object>();
        hasher.VerifyHashedPassword(new object(), hash, "correct horse").ShouldNotBe(Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed);
        hasher.VerifyHashedPassword(new object(), hash, "wrong horse").ShouldBe(Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed);
        console.Text.ShouldContain("Login__Users__bob__PasswordHash");
        console.Text.ShouldNotContain("correct horse", Case.Sensitive, "the password itself is never printed");
    }

    [Fact]
    public async Task Hash_password_gives_an_id_no_configured_user_has_or_the_one_asked_for()
    {
        using var sandbox = new Sandbox();
        var assigned = new TestConsole(secret: "correct horse");
        var chosen = new TestConsole(secret: "correct horse");

        (await Run(sandbox, assigned, "hash-password", "--username", "bob")).ShouldBe(Cli.ExitOk, assigned.Text);
        (await Run(sandbox, chosen, "hash-password", "--username", "carol", "--id", "7")).ShouldBe(Cli.ExitOk, chosen.Text);

        // The demo user tvy has Id 23 (appsettings.Development.json): a new user must not share it.
        assigned.Text.ShouldContain("Login__Users__bob__Id=24");
        chosen.Text.ShouldContain("Login__Users__carol__Id=7");
    }

    [Fact]
    public async Task Hash_password_without_a_password_fails_and_says_how_to_give_one()
    {
        using var sandbox = new Sandbox();
        var console = new TestConsole(secret: null);

        var exit = await Run(sandbox, console, "hash-password");

        exit.ShouldBe(Cli.ExitFailed);
        console.Text.ShouldContain("No password given");
    }

    [Fact]
    public async Task Hash_password_refuses_a_username_that_cannot_be_a_setting_name()
    {
        using var sandbox = new Sandbox();
        var console = new TestConsole(secret: "pw");

        var exit = await Run(sandbox, console, "hash-password", "--username", "bob:admin");

        exit.ShouldBe(Cli.ExitUsage);
    }
}
