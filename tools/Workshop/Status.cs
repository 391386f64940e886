namespace Workshop;

/// <summary>
/// The <c>status</c> verb: what passes in each step and the task to do next, read from the results every test run of
/// a step keeps (<c>.workshop/results/NN.json</c>, see <see cref="StepResults"/>), so it answers at once and starts no
/// process. <c>--run</c> runs the steps' tests first. Its counts are test cases, as <c>dotnet test</c> in the step
/// folder prints them (every row of a theory counts).
/// </summary>
public static class Status
{
    public static async Task<int> RunAsync(Here here, IConsole console, IReadOnlyList<Step> steps, bool summary, bool run, TimeProvider? clock = null)
    {
        var repository = here.Repository;
        var now = (clock ?? TimeProvider.System).GetLocalNow();
        var red = false;
        var lines = new List<(string Text, bool Done)>();
        foreach (var step in steps)
        {
            string? buildError = null;
            if (run)
            {
                var ran = await new StepRunner(console).RunAsync(repository.StepFolder(step), step);
                buildError = ran.BuildError;
                if (buildError is null)
                {
                    StepResults.Record(repository.Root, step, ran.Results, now, replace: true);
                }
            }

            var results = StepResults.Read(repository.Root, step);
            red |= buildError is not null || results is { Failed: > 0 };
            if (summary)
            {
                // A step never tested here is left out: a learner who jumped to step 05 is not behind on step 01.
                if (buildError is not null || results is not null)
                {
                    lines.Add((buildError is not null ? $"{step.Folder}: does not build" : results!.SummaryLine(step), buildError is null && results!.Failed == 0));
                }

                continue;
            }

            var folder = here.Show(repository.StepFolder(step));
            if (buildError is not null || results is null)
            {
                var why = buildError is not null ? $"does not build: run `dotnet build` in {folder}" : $"not tested yet: `dotnet test` in {folder}";
                lines.Add(($"{step.Folder,-12} {"-",6}  {"-",6}  {"-",7}  {"-",-10}  {why}", false));
                continue;
            }

            var next = results.Failed == 0 ? "done"
                : results.EarlierRedStep is { } earlier ? $"a test of step {earlier.Id} fails: `dotnet test` in {folder} names it"
                : results.FirstRedTask is int task ? $"task {task}: `{here.Tool($"hint {step.Number}")}`"
                : "see the first red test's message";
            var age = Age(now - results.RunAt) + (ChangedSince(repository.StepFolder(step), results.RunAt) ? "*" : string.Empty);
            lines.Add(($"{step.Folder,-12} {results.Passed,6}  {results.Failed,6}  {results.Skipped,7}  {age,-10}  {next}", results.Failed == 0));
        }

        console.WriteLine();
        if (!summary)
        {
            console.WriteLine("Step         Passed  Failed  Skipped  Tested      Next");
        }
        else if (lines.Count == 0)
        {
            console.WriteLine($"No step tested on this laptop yet: run `dotnet test` in a step's folder (or `{here.Tool("status --run")}`).");
        }

        foreach (var (text, done) in lines)
        {
            console.WriteLine(text, done ? ConsoleColor.Green : ConsoleColor.Yellow);
        }

        if (!summary && lines.Any(l => l.Text.Contains('*', StringComparison.Ordinal)))
        {
            console.WriteLine("* files of the step changed after that test run: run `dotnet test` there again for today's numbers.");
        }

        return red ? Cli.ExitFailed : Cli.ExitOk;
    }

    /// <summary>How long ago, in the unit a person reads: "just now", "12 min ago", "3 h ago", "2 days ago".</summary>
    public static string Age(TimeSpan age) => age switch
    {
        { TotalMinutes: < 1 } => "just now",
        { TotalHours: < 1 } => $"{(int)age.TotalMinutes} min ago",
        { TotalDays: < 1 } => $"{(int)age.TotalHours} h ago",
        _ => $"{(int)age.TotalDays} {((int)age.TotalDays == 1 ? "day" : "days")} ago",
    };

    /// <summary>Whether a source file of the step (its app, its tests, its settings) was written after the run.</summary>
    private static bool ChangedSince(string stepFolder, DateTimeOffset runAt)
    {
        return Directory.EnumerateFiles(stepFolder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(stepFolder, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "TestResults"))
            .Any(f => File.GetLastWriteTimeUtc(f) > runAt.UtcDateTime);
    }
}
