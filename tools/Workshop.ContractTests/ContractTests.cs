using Shouldly;

namespace Workshop.Tests;

/// <summary>
/// The kata contract of every step, on temporary copies: the starter builds clean and is red exactly as its
/// manifest says, earlier steps stay green, and the step solved is all green. The table goes to
/// tools/Workshop.ContractTests/bin/contract-table.txt, which .ci/run prints.
/// </summary>
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
}
