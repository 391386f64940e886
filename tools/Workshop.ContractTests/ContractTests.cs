using Shouldly;

namespace Workshop.Tests;

/// <summary>
/// The kata contract of every step, on temporary copies: the starter builds clean and is red exactly as its
/// manifest says, earlier steps stay green, and the step solved is all green. The table goes to
/// tools/Workshop.ContractTests/bin/contract-table.txt, which .ci/run prints.
/// </summary>
/// <remarks>
/// The per-task rule (with tasks 1..K solved, exactly the manifest's tests of tasks 1..K pass) is opt-in,
/// <c>verify --per-task</c>: it builds and tests each step once more per task, more than doubling this run. Here it
/// runs on step 01 alone, so its path through the generator, the runner and the manifest stays tested.
/// </remarks>
public sealed class ContractTests
{
    private static readonly string Table = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "bin", "contract-table.txt");

    public static TheoryData<int> Steps() => [.. Step.All.Select(s => s.Number)];

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task The_kata_contract_holds(int number)
    {
        var step = StepArgument.Get(number);
        var console = new TestConsole();

        var result = await new Contract(Sandbox.Real, console).CheckAsync(step);

        File.AppendAllText(Table, $"{step.Folder,-12} warnings {result.StarterWarnings}  own red {result.OwnFailing,3}  earlier red {result.EarlierFailing}  red when solved {result.SolvedFailing}  skipped {result.Skipped}  {(result.Ok ? "ok" : "BROKEN")}{Environment.NewLine}");
        result.Problems.ShouldBeEmpty($"steps/{step.Folder} breaks the kata contract");
    }

    [Fact]
    public async Task Each_task_of_step_01_turns_exactly_its_own_tests_green()
    {
        var step = StepArgument.Get(1);
        var manifest = Manifest.Read(Sandbox.Real.ManifestFile(step));

        var result = await new Contract(Sandbox.Real, new TestConsole()).CheckAsync(step, perTask: true);

        foreach (var task in result.Tasks)
        {
            File.AppendAllText(Table, $"{step.Folder,-12} {Contract.TaskRow(task)}  {(task.Ok ? "ok" : "BROKEN")}{Environment.NewLine}");
        }

        result.Tasks.Select(t => t.Task).ShouldBe(new Generator(Sandbox.Real).Tasks(step));
        result.Tasks.Select(t => t.Tests).ShouldBe(result.Tasks.Select(t => manifest.Of(t.Task).Count));
        result.Tasks.ShouldAllBe(t => t.Tests > 0 && t.StillFailing == 0 && t.PassingEarly == 0);
        result.Problems.ShouldBeEmpty();
    }
}
