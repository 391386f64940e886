using System.Text.RegularExpressions;
using Shouldly;

namespace Workshop.Tests;

/// <summary>Every command and path the tool prints works when pasted in the folder the learner is in.</summary>
public sealed partial class HereTests
{
    [GeneratedRegex(@"dotnet run --project (?<project>\S+) -- ")]
    private static partial Regex ToolCommand();

    /// <summary>Where each printed <c>dotnet run --project X</c> leads, from <paramref name="folder"/>.</summary>
    private static List<string> ProjectsNamed(string text, string folder) =>
        [.. ToolCommand().Matches(text).Select(m => Path.GetFullPath(Path.Combine(folder, m.Groups["project"].Value)))];

    [Theory]
    [InlineData("", "tools/Workshop")]
    [InlineData("steps/03-store", "../../tools/Workshop")]
    [InlineData("steps/03-store/SessionApp/Session", "../../../../tools/Workshop")]
    [InlineData("tools/Workshop", ".")]
    public async Task The_hint_prints_the_next_command_relative_to_the_current_folder(string folder, string project)
    {
        using var sandbox = new Sandbox();
        var here = Path.Combine(sandbox.Root, folder);
        var console = new TestConsole();

        await Cli.RunAsync(["hint", "3"], sandbox.Repository, console, here);

        console.Text.ShouldContain($"dotnet run --project {project} -- hint 3");
        ProjectsNamed(console.Text, here).ShouldAllBe(p => p == sandbox.Repository.ToolProject);
    }

    [Theory]
    [InlineData("", "steps/03-store/hints.md#task-1")]
    [InlineData("steps/03-store", "hints.md#task-1")]
    [InlineData("steps/04-read", "../03-store/hints.md#task-1")]
    public async Task The_hint_names_its_file_relative_to_the_current_folder(string folder, string link)
    {
        using var sandbox = new Sandbox();
        var console = new TestConsole();

        await Cli.RunAsync(["hint", "3"], sandbox.Repository, console, Path.Combine(sandbox.Root, folder));

        console.Text.ShouldContain($"({link})");
    }

    [Fact]
    public async Task A_usage_error_in_a_step_folder_names_the_help_as_typed_there()
    {
        using var sandbox = new Sandbox();
        var here = Path.Combine(sandbox.Root, "steps", "05-destroy");
        var console = new TestConsole();

        await Cli.RunAsync(["solve"], sandbox.Repository, console, here);

        console.Text.ShouldContain("dotnet run --project ../../tools/Workshop -- solve --help");
    }

    [Fact]
    public async Task The_help_starts_with_the_line_to_type_here()
    {
        using var sandbox = new Sandbox();
        var here = Path.Combine(sandbox.Root, "steps", "02-config");
        var console = new TestConsole();

        await Cli.RunAsync(["hint", "--help"], sandbox.Repository, console, here);

        console.Text.ShouldStartWith("Run from here as: dotnet run --project ../../tools/Workshop -- hint <step> [options]");
    }

    [Fact]
    public async Task Solve_names_the_folders_it_wrote_and_kept_relative_to_the_current_folder()
    {
        using var sandbox = new Sandbox();
        File.AppendAllText(sandbox.StarterFile(3, "Program.cs"), "// mine\n");
        var here = Path.Combine(sandbox.Root, "steps", "03-store");
        var console = new TestConsole();

        await Cli.RunAsync(["solve", "3", "--yes"], sandbox.Repository, console, here);

        console.Text.ShouldContain("into SessionApp.");
        console.Text.ShouldContain("is in ../../.workshop/backups/");
    }

    [Fact]
    public void Outside_the_repository_paths_are_absolute()
    {
        using var sandbox = new Sandbox();
        var outside = Path.GetTempPath();

        var here = new Here(sandbox.Repository, outside);

        here.Tool("doctor").ShouldBe($"dotnet run --project {sandbox.Repository.ToolProject} -- doctor");
    }

    [Fact]
    public void The_repository_is_found_from_any_folder_inside_it()
    {
        using var sandbox = new Sandbox();

        Repository.Find(Path.Combine(sandbox.Root, "steps", "03-store", "SessionApp")).Root.ShouldBe(sandbox.Root);
    }
}
