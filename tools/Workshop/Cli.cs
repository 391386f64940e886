namespace Workshop;

/// <summary>The verbs. Exit codes: 0 done, 1 something to fix (a red step, a broken contract), 2 bad usage, 3 declined.</summary>
public static class Cli
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;
    public const int ExitDeclined = 3;

    public const string Usage = """
        Usage: dotnet run --project tools/Workshop -- <verb> [step] [--yes]

          status [N]      run the step tests and show what passes and the next task to do
          hint N          show the hint for the next unfinished task of step N
          solve N         write the solution of step N into steps/ (for demos; asks first)
          reset N         put the starter of step N back (asks first)
          doctor          check the SDK, restore every project, find a browser for step 06
          verify [N]      maintainers: check the kata contract of every step (or step N)
          generate        maintainers: write every starter from solutions/ (--check: only compare)

          --yes           do not ask before overwriting (for scripts)
        """;

    public static async Task<int> RunAsync(string[] args, Repository repository, IConsole console)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var yes = args.Contains("--yes");
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var verb = positional.FirstOrDefault();
        var stepArg = positional.Skip(1).FirstOrDefault();

        switch (verb)
        {
            case "status":
                return await Status(repository, console, stepArg is null ? Step.All : [StepArgument.Parse(stepArg)]);
            case "hint":
                return Hint(repository, console, StepArgument.Parse(stepArg));
            case "solve":
                return Overwrite(repository, console, StepArgument.Parse(stepArg), solved: true, yes);
            case "reset":
                return Overwrite(repository, console, StepArgument.Parse(stepArg), solved: false, yes);
            case "doctor":
                return await Doctor.RunAsync(repository, console);
            case "verify":
                return await new Contract(repository, console).VerifyAsync(
                    stepArg is null ? Step.All : [StepArgument.Parse(stepArg)], args.Contains("--write-manifests"));
            case "generate":
                return Generate(repository, console, args.Contains("--check"));
            case null or "help" or "--help" or "-h":
                console.WriteLine(Usage);
                return verb is null ? ExitUsage : ExitOk;
            default:
                throw new UsageException($"Unknown verb '{verb}'.{Environment.NewLine}{Usage}");
        }
    }

    /// <summary>The tasks whose TODO is still in the learner's copy of a step, in order.</summary>
    public static IReadOnlyList<int> OpenTasks(Repository repository, Step step)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return [.. Generator.ReadFolder(repository.StarterFolder(step)).Values
            .SelectMany(text => Markers.Todo().Matches(text))
            .Where(m => int.Parse(m.Groups["step"].Value, System.Globalization.CultureInfo.InvariantCulture) == step.Number)
            .Select(m => int.Parse(m.Groups["task"].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Distinct().Order()];
    }

    private static int Hint(Repository repository, IConsole console, Step step)
    {
        var open = OpenTasks(repository, step);
        var hints = Markdown.Sections(File.ReadAllText(Path.Combine(repository.StepFolder(step), "hints.md")));
        if (open.Count == 0)
        {
            console.WriteLine($"Step {step.Id}: no TODO left. Run `dotnet test` in steps/{step.Folder}; if a test is red, its message names the task.");
            return ExitOk;
        }

        var task = open[0];
        console.WriteLine($"Step {step.Id}, task {task} (steps/{step.Folder}/hints.md#task-{task})", ConsoleColor.Cyan);
        console.WriteLine(hints.TryGetValue(task, out var text) ? text : "(no hint written for this task)");
        return ExitOk;
    }

    private static int Overwrite(Repository repository, IConsole console, Step step, bool solved, bool yes)
    {
        var generator = new Generator(repository);
        var target = repository.StarterFolder(step);
        var current = Generator.ReadFolder(target);
        var learnerChanged = Generator.Differences(generator.Starter(step), current);
        var wanted = solved ? generator.Solved(step) : generator.Starter(step);
        if (Generator.Differences(wanted, current).Count == 0)
        {
            console.WriteLine($"steps/{step.Folder}/SessionApp already holds the {(solved ? "solution" : "starter")}.");
            return ExitOk;
        }

        if (learnerChanged.Count > 0 && !yes)
        {
            console.WriteLine($"Your work in steps/{step.Folder}/SessionApp will be overwritten: {string.Join(", ", learnerChanged)}", ConsoleColor.Yellow);
            if (!console.Confirm("Overwrite it?"))
            {
                console.WriteLine("Nothing changed.");
                return ExitDeclined;
            }
        }

        Generator.Write(wanted, target);
        console.WriteLine(solved
            ? $"Wrote the solution of step {step.Id} into steps/{step.Folder}/SessionApp. `dotnet test` there is green now."
            : $"Put the starter of step {step.Id} back in steps/{step.Folder}/SessionApp.", ConsoleColor.Green);
        return ExitOk;
    }

    private static int Generate(Repository repository, IConsole console, bool check)
    {
        var generator = new Generator(repository);
        var drifted = 0;
        foreach (var step in Step.All)
        {
            var differences = Generator.Differences(generator.Starter(step), Generator.ReadFolder(repository.StarterFolder(step)));
            if (differences.Count == 0)
            {
                continue;
            }

            drifted++;
            if (check)
            {
                console.WriteLine($"steps/{step.Folder}/SessionApp differs from the generator: {string.Join(", ", differences)}", ConsoleColor.Red);
            }
            else
            {
                Generator.Write(generator.Starter(step), repository.StarterFolder(step));
                console.WriteLine($"wrote steps/{step.Folder}/SessionApp ({differences.Count} files changed)");
            }
        }

        if (check && drifted > 0)
        {
            console.WriteLine("Run `dotnet run --project tools/Workshop -- generate` and commit the result.");
            return ExitFailed;
        }

        console.WriteLine(drifted == 0 ? "Every starter matches the solution." : $"{drifted} starters regenerated.");
        return ExitOk;
    }

    private static async Task<int> Status(Repository repository, IConsole console, IReadOnlyList<Step> steps)
    {
        var runner = new StepRunner(console);
        var red = 0;
        console.WriteLine("Step         Passed  Failed  Next");
        foreach (var step in steps)
        {
            var run = await runner.RunAsync(repository.StepFolder(step), step);
            var next = run.BuildError is not null ? "does not build: run `dotnet build` in the step folder"
                : run.Failed.Count == 0 ? "done"
                : OpenTasks(repository, step) is [var task, ..] ? $"task {task}: `dotnet run --project tools/Workshop -- hint {step.Number}`"
                : "see the first red test's message";
            red += run.Failed.Count > 0 || run.BuildError is not null ? 1 : 0;
            console.Write($"{step.Folder,-12} {run.Passed.Count,6}  {run.Failed.Count,6}  ");
            console.WriteLine(next, next == "done" ? ConsoleColor.Green : ConsoleColor.Yellow);
        }

        return red == 0 ? ExitOk : ExitFailed;
    }
}
