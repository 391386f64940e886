namespace Workshop;

/// <summary>
/// The <c>status</c> verb: runs each step's tests and shows what passes and the task to do next. Its counts are test
/// cases, as <c>dotnet test</c> in the step folder prints them (every row of a theory counts).
/// </summary>
public static class Status
{
    public static async Task<int> RunAsync(Here here, IConsole console, IReadOnlyList<Step> steps, bool summary)
    {
        var repository = here.Repository;
        var generator = new Generator(repository);
        var runner = new StepRunner(console);
        var red = 0;
        var lines = new List<(string Text, bool Done)>();
        foreach (var step in steps)
        {
            var run = await runner.RunAsync(repository.StepFolder(step), step);
            var open = Cli.OpenTasks(repository, step);
            red += run.Cases.Failed > 0 || run.BuildError is not null ? 1 : 0;
            if (summary)
            {
                lines.Add((SummaryLine(step, run, open, generator.Tasks(step).Count), Done(run)));
                continue;
            }

            var next = run.BuildError is not null ? $"does not build: run `dotnet build` in {here.Show(repository.StepFolder(step))}"
                : Done(run) ? "done"
                : open is [var task, ..] ? $"task {task}: `{here.Tool($"hint {step.Number}")}`"
                : "see the first red test's message";
            lines.Add(($"{step.Folder,-12} {run.Cases.Passed,6}  {run.Cases.Failed,6}  {run.Cases.Skipped,7}  {next}", Done(run)));
        }

        console.WriteLine();
        if (!summary)
        {
            console.WriteLine("Step         Passed  Failed  Skipped  Next");
        }

        foreach (var (text, done) in lines)
        {
            console.WriteLine(text, done ? ConsoleColor.Green : ConsoleColor.Yellow);
        }

        return red == 0 ? Cli.ExitOk : Cli.ExitFailed;
    }

    /// <summary>
    /// One line to paste into a chat: <c>03-store: task 2 of 2</c> (the first task whose TODO is still there, of the
    /// tasks the stubs name), <c>03-store: done</c> when every test passes.
    /// </summary>
    public static string SummaryLine(Step step, StepRun run, IReadOnlyList<int> openTasks, int taskCount)
    {
        return $"{step.Folder}: " + (run.BuildError is not null ? "does not build"
            : Done(run) ? "done"
            : openTasks is [var task, ..] ? $"task {task} of {taskCount}"
            : $"every task written, {run.Cases.Failed} {(run.Cases.Failed == 1 ? "test fails" : "tests fail")}");
    }

    private static bool Done(StepRun run) => run.BuildError is null && run.Cases.Failed == 0;
}
