using System.Text.RegularExpressions;
using Shouldly;

namespace Workshop.Tests;

/// <summary>solve and reset: a copy of every file they overwrite or delete, questions about the learner's files only, IDE files left alone.</summary>
public sealed partial class OverwriteTests
{
    [GeneratedRegex(@"^\d{8}-\d{6}-(?<step>\d\d-[a-z]+)-(?<verb>solve|reset)(-\d+)?$")]
    private static partial Regex BackupName();

    private static Task<int> Run(Sandbox sandbox, TestConsole console, params string[] args) =>
        Cli.RunAsync(args, sandbox.Repository, console);

    private static string[] Backups(Sandbox sandbox) =>
        Directory.Exists(sandbox.Repository.BackupsFolder) ? Directory.GetDirectories(sandbox.Repository.BackupsFolder) : [];

    [Fact]
    public async Task Solve_keeps_a_copy_of_every_file_it_overwrites_or_deletes_in_a_folder_named_for_the_time_step_and_verb()
    {
        using var sandbox = new Sandbox();
        var changed = sandbox.StarterFile(3, "Session/SessionCookies.cs");
        File.AppendAllText(changed, "// my work\n");
        File.WriteAllText(sandbox.StarterFile(3, "Notes.cs"), "// a file I added\n");
        var console = new TestConsole();

        var exit = await Run(sandbox, console, "solve", "3", "--yes");

        exit.ShouldBe(Cli.ExitOk, console.Text);
        var backup = Backups(sandbox).ShouldHaveSingleItem();
        var name = BackupName().Match(Path.GetFileName(backup));
        name.Success.ShouldBeTrue(Path.GetFileName(backup));
        (name.Groups["step"].Value, name.Groups["verb"].Value).ShouldBe(("03-store", "solve"));
        File.ReadAllText(Path.Combine(backup, "SessionApp", "Session", "SessionCookies.cs")).ShouldEndWith("// my work\n");
        File.ReadAllText(Path.Combine(backup, "SessionApp", "Notes.cs")).ShouldBe("// a file I added\n");
        File.Exists(sandbox.StarterFile(3, "Notes.cs")).ShouldBeFalse();
        console.Text.ShouldContain($".workshop/backups/{Path.GetFileName(backup)}", Case.Sensitive, "the tool says where the copy is");
    }

    [Fact]
    public async Task Reset_keeps_a_copy_too_and_two_in_one_second_do_not_collide()
    {
        using var sandbox = new Sandbox();
        var file = sandbox.StarterFile(2, "Program.cs");

        File.AppendAllText(file, "// first try\n");
        await Run(sandbox, new TestConsole(), "reset", "2", "--yes");
        File.AppendAllText(file, "// second try\n");
        await Run(sandbox, new TestConsole(), "reset", "2", "--yes");

        var backups = Backups(sandbox).Order(StringComparer.Ordinal).ToList();
        backups.Count.ShouldBe(2);
        backups.ShouldAllBe(b => BackupName().Match(Path.GetFileName(b)).Groups["verb"].Value == "reset");
        backups.Select(b => File.ReadAllText(Path.Combine(b, "SessionApp", "Program.cs"))).ShouldContain(t => t.EndsWith("// first try\n", StringComparison.Ordinal));
        backups.Select(b => File.ReadAllText(Path.Combine(b, "SessionApp", "Program.cs"))).ShouldContain(t => t.EndsWith("// second try\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_question_names_the_files_the_learner_changed_and_where_the_copy_goes()
    {
        using var sandbox = new Sandbox();
        File.AppendAllText(sandbox.StarterFile(3, "Session/SessionCookies.cs"), "// my work\n");
        var console = new TestConsole(answer: false);

        var exit = await Run(sandbox, console, "solve", "3");

        exit.ShouldBe(Cli.ExitDeclined);
        console.Questions.ShouldBe(1);
        console.Text.ShouldContain("You changed SessionApp/Session/SessionCookies.cs; it will be overwritten (a copy goes to .workshop/backups/");
        console.Text.ShouldNotContain("Program.cs", Case.Sensitive, "only the files the learner changed are named");
        Backups(sandbox).ShouldBeEmpty("nothing is copied when the learner says no");
    }

    [Fact]
    public async Task Reset_after_solve_asks_nothing_since_the_solution_is_the_tool_s_not_the_learner_s()
    {
        using var sandbox = new Sandbox();
        await Run(sandbox, new TestConsole(), "solve", "3", "--yes");
        var console = new TestConsole(answer: false);

        var exit = await Run(sandbox, console, "reset", "3");

        exit.ShouldBe(Cli.ExitOk, console.Text);
        console.Questions.ShouldBe(0);
        console.Text.ShouldNotContain("You changed");
        Cli.OpenTasks(sandbox.Repository, StepArgument.Get(3)).ShouldBe([1, 2]);
        Backups(sandbox).ShouldContain(b => b.EndsWith("-03-store-reset", StringComparison.Ordinal), "the solution it replaced is kept all the same");
    }

    [Fact]
    public async Task OS_and_IDE_files_are_neither_changes_nor_deleted()
    {
        using var sandbox = new Sandbox();
        string[] leftAlone = [".DS_Store", "Session/.DS_Store", "SessionApp.csproj.user", ".vscode/settings.json", ".idea/workspace.xml", "bin/Debug/app.dll", "obj/project.assets.json"];
        foreach (var file in leftAlone)
        {
            var path = sandbox.StarterFile(4, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "an editor's file");
        }

        var console = new TestConsole(answer: false);

        var exit = await Run(sandbox, console, "solve", "4");

        exit.ShouldBe(Cli.ExitOk, console.Text);
        console.Questions.ShouldBe(0, "an editor's files are not the learner's work");
        foreach (var file in leftAlone)
        {
            File.Exists(sandbox.StarterFile(4, file)).ShouldBeTrue($"{file} was deleted");
        }

        Directory.EnumerateFiles(Backups(sandbox).ShouldHaveSingleItem(), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetFileName(f))
            .ShouldNotContain(f => f == ".DS_Store" || f.EndsWith(".user", StringComparison.Ordinal) || f == "settings.json" || f == "workspace.xml");
    }

    [Fact]
    public async Task A_step_holding_only_IDE_files_beside_its_starter_already_holds_the_starter()
    {
        using var sandbox = new Sandbox();
        var path = sandbox.StarterFile(5, ".vscode/launch.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{}");
        var console = new TestConsole();

        var exit = await Run(sandbox, console, "reset", "5");

        exit.ShouldBe(Cli.ExitOk);
        console.Text.ShouldContain("already holds the starter");
        Backups(sandbox).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(".DS_Store", true)]
    [InlineData("Session/Thumbs.db", true)]
    [InlineData("SessionApp.csproj.user", true)]
    [InlineData(".vscode/settings.json", true)]
    [InlineData(".idea/workspace.xml", true)]
    [InlineData("bin/Debug/net10.0/SessionApp.dll", true)]
    [InlineData("obj/project.assets.json", true)]
    [InlineData("Session/SessionCookies.cs", false)]
    [InlineData("Properties/launchSettings.json", false)]
    [InlineData("wwwroot/js/session.js", false)]
    public void Which_files_the_tool_leaves_alone(string relative, bool ignored) =>
        SourceTree.IsIgnored(relative).ShouldBe(ignored);
}
