using Shouldly;

namespace Workshop.Tests;

/// <summary>
/// The kata contract of every step, on temporary copies: the starter builds clean and is red exactly as its
/// tests declare with [Task(K)], earlier steps stay green, and the step solved is all green. The table goes to
/// tools/Workshop.ContractTests/bin/contract-table.txt, which .ci/run prints.
/// </summary>
/// <remarks>
/// It includes the per-task rule (with tasks 1..K solved, exactly the tests declaring tasks 1..K pass, so each
/// task turns green on its own), which builds and tests each step once more per task: about twice the time, well
/// inside the full run's budget. The table gets a row per step and a row per task.
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

        var manifest = Manifest.Declared(Sandbox.Real, step);

        var result = await new Contract(Sandbox.Real, console).CheckAsync(step, perTask: true);

        File.AppendAllText(Table, $"{step.Folder,-12} warnings {result.StarterWarnings}  own red {result.OwnFailing,3}  earlier red {result.EarlierFailing}  red when solved {result.SolvedFailing}  skipped {result.Skipped}  {(result.Ok ? "ok" : "BROKEN")}{Environment.NewLine}");
        foreach (var task in result.Tasks)
        {
            File.AppendAllText(Table, $"{step.Folder,-12} {Contract.TaskRow(task)}  {(task.Ok ? "ok" : "BROKEN")}{Environment.NewLine}");
        }

        result.Tasks.Select(t => t.Task).ShouldBe(new Generator(Sandbox.Real).Tasks(step));
        result.Tasks.Select(t => t.Tests).ShouldBe(result.Tasks.Select(t => manifest.Of(t.Task).Count));
        result.Problems.ShouldBeEmpty($"steps/{step.Folder} breaks the kata contract");
    }
}
