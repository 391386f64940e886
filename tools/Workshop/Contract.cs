namespace Workshop;

/// <summary>The verdict on one step's kata contract.</summary>
public sealed record ContractResult(Step Step, int StarterWarnings, int OwnFailing, int EarlierFailing, int SolvedFailing, IReadOnlyList<string> Problems)
{
    /// <summary>Tests that could not run on this machine (no browser outside CI): neither red nor green.</summary>
    public int Skipped { get; init; }

    /// <summary>The per-task check, a row per task; empty when it was not asked for.</summary>
    public IReadOnlyList<TaskResult> Tasks { get; init; } = [];

    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// The per-task verdict: with tasks 1..<paramref name="Task"/> of the step solved, how many tests declare
/// this task (they should now pass), how many tests of tasks 1..K still fail, and how many tests of
/// later tasks already pass. Its problems are also in the step's <see cref="ContractResult.Problems"/>.
/// </summary>
public sealed record TaskResult(int Task, int TaskCount, int Tests, int StillFailing, int PassingEarly, IReadOnlyList<string> Problems)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// The kata contract, checked on a temporary copy of the repository (never the working tree):
/// the starter matches the generator and builds with zero warnings; some of the step's own tests fail, by an
/// assertion or the stub's message, and exactly those that declare a task with [Task(K)]; every earlier step's test passes;
/// with the step solved, every test passes; README.md and hints.md cover every task. Per task (opt-in, since it
/// builds and tests the step once more per task): with tasks 1..K solved, exactly the tests declaring tasks 1..K
/// pass, and task K makes at least one test pass.
/// </summary>
public sealed class Contract(Repository repository, IConsole console)
{
    public async Task<int> VerifyAsync(IReadOnlyList<Step> steps, bool writeTasks = false, bool perTask = false)
    {
        var results = new List<ContractResult>();
        foreach (var step in steps)
        {
            console.WriteLine($"Checking steps/{step.Folder}", ConsoleColor.Cyan);
            results.Add(await CheckAsync(step, writeTasks, perTask));
        }

        console.WriteLine();
        console.WriteLine("Step         Warnings  Own red  Earlier red  Red when solved  Skipped  Verdict");
        foreach (var r in results)
        {
            console.Write($"{r.Step.Folder,-12} {r.StarterWarnings,8}  {r.OwnFailing,7}  {r.EarlierFailing,11}  {r.SolvedFailing,15}  {r.Skipped,7}  ");
            console.WriteLine(r.Ok ? "ok" : "BROKEN", r.Ok ? ConsoleColor.Green : ConsoleColor.Red);
            foreach (var task in r.Tasks)
            {
                console.Write($"  {TaskRow(task)}  ");
                console.WriteLine(task.Ok ? "ok" : "BROKEN", task.Ok ? ConsoleColor.Green : ConsoleColor.Red);
            }

            foreach (var problem in r.Problems)
            {
                console.WriteLine($"  - {problem}", ConsoleColor.Red);
            }
        }

        return results.All(r => r.Ok) ? Cli.ExitOk : Cli.ExitFailed;
    }

    /// <summary>A task's row under its step in the table: "task 1 of 2: 5 tests turn green, 0 still red, 0 green early".</summary>
    public static string TaskRow(TaskResult task)
    {
        return $"task {task.Task} of {task.TaskCount}: {task.Tests,3} {(task.Tests == 1 ? "test turns" : "tests turn")} green, "
            + $"{task.StillFailing} still red, {task.PassingEarly} green early";
    }

    /// <summary>The step a test belongs to, from its namespace (SessionApp.Tests.Store... is step 3).</summary>
    public static int StepOfTest(string testName)
    {
        return Step.OfTest(testName)?.Number
            ?? throw new InvalidOperationException($"Test {testName} is not in a SessionApp.Tests.<Area> namespace of a step.");
    }

    /// <param name="writeTasks">Rewrites the [Task(K)] of the step's tests from what is observed (which implies the per-task runs).</param>
    /// <param name="perTask">Also checks each task: one more build and test run of the step per task but the last.</param>
    public async Task<ContractResult> CheckAsync(Step step, bool writeTasks = false, bool perTask = false)
    {
        var problems = new List<string>();
        var generator = new Generator(repository);

        var drift = Generator.Differences(generator.Starter(step), Generator.ReadFolder(repository.StarterFolder(step)));
        if (drift.Count > 0)
        {
            problems.Add($"the committed starter differs from the generator in {string.Join(", ", drift)}: run `generate`");
        }

        CheckDocs(step, problems);

        var copy = CopyRepository();
        try
        {
            var stepCopy = Path.Combine(copy, "steps", step.Folder);
            Generator.Write(generator.Starter(step), Path.Combine(stepCopy, "SessionApp"));
            var runner = new StepRunner(console);
            var starter = await runner.RunAsync(stepCopy, step);
            if (starter.BuildError is not null)
            {
                problems.Add($"the starter does not build: {starter.BuildError}");
                return new ContractResult(step, starter.Warnings, 0, 0, 0, problems);
            }

            if (starter.Warnings > 0)
            {
                problems.Add($"the starter builds with {starter.Warnings} warnings");
            }

            var own = starter.Failed.Where(f => StepOfTest(f.Name) == step.Number).ToList();
            var earlier = starter.Failed.Where(f => StepOfTest(f.Name) < step.Number).ToList();
            if (own.Count == 0)
            {
                problems.Add("no test of the step fails on the starter: it is already solved");
            }

            problems.AddRange(earlier.Select(f => $"an earlier step's test fails on the starter: {f.Name}: {Short(f.Message)}"));
            problems.AddRange(own.Where(f => !FailsAsTaught(f, step)).Select(f =>
                $"{f.Name} fails by {f.ExceptionType}, not by an assertion or the stub's message: {Short(f.Message)}"));

            var failing = own.Select(f => f.Name).ToHashSet();
            var tasks = generator.Tasks(step);

            // With tasks 1..K solved, for every task but the last (all tasks solved is the solved step, below).
            var byTask = new SortedDictionary<int, StepRun>();
            if (perTask || writeTasks)
            {
                foreach (var task in tasks.SkipLast(1))
                {
                    console.WriteLine($"  tasks 1..{task} of steps/{step.Folder} solved:", ConsoleColor.DarkGray);
                    Generator.Write(generator.SolvedThroughTask(step, task), Path.Combine(stepCopy, "SessionApp"));
                    byTask[task] = await runner.RunAsync(stepCopy, step);
                }
            }

            Generator.Write(generator.Solved(step), Path.Combine(stepCopy, "SessionApp"));
            var solved = await runner.RunAsync(stepCopy, step);
            if (tasks.Count > 0)
            {
                byTask[tasks[^1]] = solved;
            }

            if (writeTasks)
            {
                var lastTask = tasks.Count > 0 ? tasks[^1] : 1;
                var declared = Manifest.DeclaredTasks(repository, step);
                // Red on the starter: the first task whose solution turns it green; green on the starter: 0. A test that
                // could not run here (no browser) keeps the task it declares.
                var observed = declared.Keys.Where(t => !starter.Skipped.Contains(t)).ToDictionary(t => t, t => !failing.Contains(t) ? 0
                    : byTask.FirstOrDefault(r => r.Value.Passed.Contains(t)) is { Value: not null } first ? first.Key : lastTask);
                Manifest.WriteTasks(repository, step, observed);
            }

            // A test that could not run here (no browser, outside CI) is neither red nor green: it is left out of the
            // comparison, and the table says how many. In CI nothing may be skipped.
            var manifest = Manifest.Declared(repository, step);
            problems.AddRange(failing.Except(manifest.All).Order(StringComparer.Ordinal).Select(t => $"fails on the starter but declares [Task(0)] (or none): {t}"));
            problems.AddRange(manifest.All.Except(failing).Except(starter.Skipped).Order(StringComparer.Ordinal).Select(t => $"declares a task but passes on the starter (declare [Task(0)]): {t}"));

            if (solved.BuildError is not null)
            {
                problems.Add($"the solved step does not build: {solved.BuildError}");
            }

            problems.AddRange(solved.Failed.Select(f => $"fails with the step solved: {f.Name}: {Short(f.Message)}"));
            var taskResults = perTask || writeTasks ? CheckTasks(step, tasks, manifest, failing, byTask) : [];
            problems.AddRange(taskResults.SelectMany(t => t.Problems));
            var skipped = starter.Skipped.Union(solved.Skipped).Union(byTask.Values.SelectMany(r => r.Skipped)).ToHashSet();
            if (Ci.IsCi)
            {
                problems.AddRange(skipped.Order(StringComparer.Ordinal).Select(t => $"skipped, and CI=true must run every test: {t}"));
            }

            return new ContractResult(step, starter.Warnings, own.Count, earlier.Count, solved.Failed.Count, problems)
            {
                Skipped = skipped.Count,
                Tasks = taskResults,
            };
        }
        finally
        {
            TryDelete(copy);
        }
    }

    /// <summary>
    /// The per-task rule, on the runs with tasks 1..K solved: the tests declaring tasks 1..K pass, those of later
    /// tasks still fail, the step's tests that pass on the starter still pass, and task K turns at least one test green.
    /// </summary>
    public static IReadOnlyList<TaskResult> CheckTasks(Step step, IReadOnlyList<int> tasks, Manifest manifest, IReadOnlySet<string> failingOnStarter, IReadOnlyDictionary<int, StepRun> byTask)
    {
        var results = new List<TaskResult>();
        foreach (var task in tasks)
        {
            var problems = new List<string>();
            if (!byTask.TryGetValue(task, out var run) || run.BuildError is not null)
            {
                problems.Add($"task {task}: the step does not build with tasks 1..{task} solved: {(run is null ? "not run" : Short(run.BuildError!))}");
                results.Add(new TaskResult(task, tasks.Count, manifest.Of(task).Count, 0, 0, problems));
                continue;
            }

            var last = task == tasks[^1];
            var failed = run.Failed.Where(f => StepOfTest(f.Name) == step.Number).Select(f => f.Name).ToHashSet();
            var upToTask = manifest.Tasks.Where(t => t.Key <= task).SelectMany(t => t.Value).ToHashSet();
            var later = manifest.Tasks.Where(t => t.Key > task).SelectMany(t => t.Value).ToHashSet();
            var stillFailing = upToTask.Intersect(failed).Order(StringComparer.Ordinal).ToList();
            var early = later.Intersect(run.Passed).Order(StringComparer.Ordinal).ToList();
            if (!last)
            {
                // With every task solved, a red test is already reported as failing with the step solved.
                problems.AddRange(stillFailing.Select(t => $"task {task}: {t} still fails with tasks 1..{task} solved"));
                problems.AddRange(failed.Except(failingOnStarter).Except(manifest.All).Order(StringComparer.Ordinal)
                    .Select(t => $"task {task}: {t} passes on the starter but fails with tasks 1..{task} solved"));
            }

            problems.AddRange(early.Select(t => $"task {task}: {t} of a later task passes early"));
            if (manifest.Of(task).Count == 0)
            {
                problems.Add($"task {task}: no test turns green once it is solved, so it cannot be checked on its own (its tests need a later task too)");
            }

            results.Add(new TaskResult(task, tasks.Count, manifest.Of(task).Count, stillFailing.Count, early.Count, problems));
        }

        return results;
    }

    /// <summary>A red test teaches when it fails by an assertion, or carries the stub's "Step NN, task K" message.</summary>
    private static bool FailsAsTaught(FailedTest test, Step step) =>
        test.ExceptionType.StartsWith("Shouldly.", StringComparison.Ordinal)
        || test.ExceptionType.StartsWith("Xunit.", StringComparison.Ordinal)
        || test.Message.Contains($"Step {step.Id}, task", StringComparison.Ordinal);

    private void CheckDocs(Step step, List<string> problems)
    {
        var tasks = new Generator(repository).Tasks(step);
        foreach (var file in new[] { "README.md", "hints.md" })
        {
            var path = Path.Combine(repository.StepFolder(step), file);
            var text = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
            if (string.IsNullOrWhiteSpace(text))
            {
                problems.Add($"{file} is missing or empty");
                continue;
            }

            var sections = Markdown.Sections(text);
            problems.AddRange(tasks.Order().Where(t => !sections.ContainsKey(t)).Select(t => $"{file} has no section for task {t}"));
        }
    }

    /// <summary>Copies what a step needs (root build files and steps/) into a new temporary folder.</summary>
    private string CopyRepository()
    {
        var target = Path.Combine(Path.GetTempPath(), $"workshop-contract-{Guid.NewGuid():N}");
        Directory.CreateDirectory(target);
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", ".editorconfig", "NuGet.config" })
        {
            var source = Path.Combine(repository.Root, file);
            if (File.Exists(source))
            {
                File.Copy(source, Path.Combine(target, file));
            }
        }

        // The steps, the sealing library they reference and the test kit they link.
        foreach (var folder in new[] { "steps", "lib", "testkit" })
        {
            SourceTree.Copy(Path.Combine(repository.Root, folder), Path.Combine(target, folder));
        }
        return target;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }

    private static string Short(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length <= 200 ? line : line[..200] + "…";
    }
}
