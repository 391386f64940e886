using System.Text.Json;
using Shouldly;

namespace Workshop.Tests;

/// <summary>The hint verb: one level at a time (a nudge, which API, the shape), remembered in .workshop/hints.json.</summary>
public sealed class HintTests
{
    private static Task<int> Hint(Sandbox sandbox, TestConsole console, params string[] args) =>
        Cli.RunAsync(["hint", .. args], sandbox.Repository, console);

    private static IReadOnlyList<string> LevelsOf(Sandbox sandbox, int step, int task) =>
        Hints.Levels(Markdown.Sections(File.ReadAllText(Path.Combine(sandbox.Repository.StepFolder(StepArgument.Get(step)), "hints.md")))[task]);

    private static void FinishTask(Sandbox sandbox, int step, string file, int task)
    {
        // A learner who has done a task has replaced its TODO.
        var path = sandbox.StarterFile(step, file);
        File.WriteAllLines(path, File.ReadAllLines(path).Where(l => !l.Contains($"// TODO: Step {step:00}, task {task}", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_task_s_section_is_read_as_levels_with_their_code_blocks()
    {
        var section = """
            ## Task 2

            1. A nudge.
            2. The API: `Append`.
            3. The shape:
               ```csharp
               var x = 1;
               ```
               Then return.
            """;

        var levels = Hints.Levels(section);

        levels.Count.ShouldBe(3);
        levels[0].ShouldBe("A nudge.");
        levels[1].ShouldBe("The API: `Append`.");
        levels[2].Replace("\r\n", "\n", StringComparison.Ordinal).ShouldBe("The shape:\n```csharp\nvar x = 1;\n```\nThen return.");
    }

    [Fact]
    public async Task Each_hint_shows_the_next_level_only_and_remembers_it()
    {
        using var sandbox = new Sandbox();
        var levels = LevelsOf(sandbox, 3, 1);
        levels.Count.ShouldBe(3, "steps/03-store/hints.md's task 1 has three levels");

        for (var level = 1; level <= 3; level++)
        {
            var console = new TestConsole();

            var exit = await Hint(sandbox, console, "3");

            exit.ShouldBe(Cli.ExitOk);
            console.Text.ShouldContain($"Step 03, task 1: hint {level} of 3");
            console.Text.ShouldContain(levels[level - 1]);
            foreach (var other in levels.Where((_, i) => i != level - 1))
            {
                console.Text.ShouldNotContain(other);
            }

            Hints.Seen(sandbox.Repository, StepArgument.Get(3), 1).ShouldBe(level);
        }
    }

    [Fact]
    public async Task What_was_seen_is_kept_in_a_state_file_at_the_repository_root()
    {
        using var sandbox = new Sandbox();

        await Hint(sandbox, new TestConsole(), "3");
        await Hint(sandbox, new TestConsole(), "3");

        var file = Path.Combine(sandbox.Root, ".workshop", "hints.json");
        File.Exists(file).ShouldBeTrue();
        var state = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, int>>>(File.ReadAllText(file));
        state.ShouldNotBeNull();
        state["03-store"]["1"].ShouldBe(2);
    }

    [Fact]
    public void The_state_file_is_git_ignored()
    {
        var ignore = File.ReadAllLines(Path.Combine(Sandbox.Real.Root, ".gitignore"));

        ignore.ShouldContain("/.workshop/");
        Path.GetRelativePath(Sandbox.Real.Root, Sandbox.Real.HintsFile).Replace('\\', '/').ShouldStartWith(".workshop/");
        Path.GetRelativePath(Sandbox.Real.Root, Sandbox.Real.BackupsFolder).Replace('\\', '/').ShouldStartWith(".workshop/");
    }

    [Fact]
    public async Task Once_every_level_is_seen_the_hint_says_so_and_shows_them_all()
    {
        using var sandbox = new Sandbox();
        var levels = LevelsOf(sandbox, 3, 1);
        for (var i = 0; i < levels.Count; i++)
        {
            await Hint(sandbox, new TestConsole(), "3");
        }

        var console = new TestConsole();
        var exit = await Hint(sandbox, console, "3");

        exit.ShouldBe(Cli.ExitOk);
        console.Text.ShouldContain("you have seen all 3 hints of this task");
        foreach (var level in levels)
        {
            console.Text.ShouldContain(level);
        }
    }

    [Fact]
    public async Task All_shows_every_level_at_once()
    {
        using var sandbox = new Sandbox();
        var console = new TestConsole();

        var exit = await Hint(sandbox, console, "2", "--all");

        exit.ShouldBe(Cli.ExitOk);
        foreach (var level in LevelsOf(sandbox, 2, 1))
        {
            console.Text.ShouldContain(level);
        }

        console.Text.ShouldContain("Hint 1 of 3, a nudge");
        console.Text.ShouldContain("Hint 3 of 3, the shape");
    }

    [Fact]
    public async Task The_hint_moves_on_to_the_next_task_at_its_first_level()
    {
        using var sandbox = new Sandbox();
        await Hint(sandbox, new TestConsole(), "3");
        await Hint(sandbox, new TestConsole(), "3");
        FinishTask(sandbox, 3, "Session/SessionCookies.cs", 1);
        var console = new TestConsole();

        await Hint(sandbox, console, "3");

        console.Text.ShouldContain("Step 03, task 2: hint 1 of 3");
        console.Text.ShouldContain(LevelsOf(sandbox, 3, 2)[0]);
    }

    [Fact]
    public async Task With_no_TODO_left_the_hint_points_to_the_tests()
    {
        using var sandbox = new Sandbox();
        await Cli.RunAsync(["solve", "1", "--yes"], sandbox.Repository, new TestConsole());
        var console = new TestConsole();

        var exit = await Hint(sandbox, console, "1");

        exit.ShouldBe(Cli.ExitOk);
        console.Text.ShouldContain("no TODO left");
    }

    [Fact]
    public async Task A_mangled_state_file_starts_the_hints_again_rather_than_failing()
    {
        using var sandbox = new Sandbox();
        Directory.CreateDirectory(sandbox.Repository.StateFolder);
        File.WriteAllText(sandbox.Repository.HintsFile, "{ not json");
        var console = new TestConsole();

        var exit = await Hint(sandbox, console, "3");

        exit.ShouldBe(Cli.ExitOk);
        console.Text.ShouldContain("hint 1 of 3");
    }
}
