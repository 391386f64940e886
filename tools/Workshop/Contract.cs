using System.Globalization;

namespace Workshop;

/// <summary>The verdict on one step's kata contract.</summary>
public sealed record ContractResult(Step Step, int StarterWarnings, int OwnFailing, int EarlierFailing, int SolvedFailing, IReadOnlyList<string> Problems)
{
    /// <summary>Tests that could not run on this machine (no browser outside CI): neither red nor green.</summary>
    public int Skipped { get; init; }

    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// The kata contract, checked on a temporary copy of the repository (never the working tree):
/// the starter matches the generator and builds with zero warnings; some of the step's own tests fail, by an
/// assertion or the stub's message, and exactly those in the step's manifest; every earlier step's test passes;
/// with the step solved, every test passes; README.md and hints.md cover every task.
/// </summary>
public sealed class Contract(Repository repository, IConsole console)
{
    public async Task<int> VerifyAsync(IReadOnlyList<Step> steps, bool writeManifests = false)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var results = new List<ContractResult>();
        foreach (var step in steps)
        {
            console.WriteLine($"Checking steps/{step.Folder}", ConsoleColor.Cyan);
            results.Add(await CheckAsync(step, writeManifests));
        }

        console.WriteLine();
        console.WriteLine("Step         Warnings  Own red  Earlier red  Red when solved  Skipped  Verdict");
        foreach (var r in results)
        {
            console.Write($"{r.Step.Folder,-12} {r.StarterWarnings,8}  {r.OwnFailing,7}  {r.EarlierFailing,11}  {r.SolvedFailing,15}  {r.Skipped,7}  ");
            console.WriteLine(r.Ok ? "ok" : "BROKEN", r.Ok ? ConsoleColor.Green : ConsoleColor.Red);
            foreach (var problem in r.Problems)
            {
                console.WriteLine($"  - {problem}", ConsoleColor.Red);
            }
        }

        return results.All(r => r.Ok) ? Cli.ExitOk : Cli.ExitFailed;
    }

    /// <summary>The step a test belongs to, from its namespace (SessionApp.Tests.Store... is step 3).</summary>
    public static int StepOfTest(string testName)
    {
        ArgumentNullException.ThrowIfNull(testName);
        return Step.OfTest(testName)?.Number
            ?? throw new InvalidOperationException($"Test {testName} is not in a SessionApp.Tests.<Area> namespace of a step.");
    }

    public static IReadOnlySet<string> ReadManifest(string path) =>
        File.Exists(path)
            ? File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet()
            : new HashSet<string>();

    public async Task<ContractResult> CheckAsync(Step step, bool writeManifest = false)
    {
        ArgumentNullException.ThrowIfNull(step);
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

            var manifestPath = repository.ManifestFile(step);
            var failing = own.Select(f => f.Name).ToHashSet();
            if (writeManifest)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(manifestPath)!);
                File.WriteAllLines(manifestPath, [$"# Tests of steps/{step.Folder} that fail on its starter (written by `verify --write-manifests`).", .. failing.Order(StringComparer.Ordinal)]);
            }

            // A test that could not run here (no browser, outside CI) is neither red nor green: it is left out of the
            // comparison, and the table says how many. In CI nothing may be skipped.
            var manifest = ReadManifest(manifestPath);
            problems.AddRange(failing.Except(manifest).Order(StringComparer.Ordinal).Select(t => $"fails on the starter but is not in the manifest: {t}"));
            problems.AddRange(manifest.Except(failing).Except(starter.Skipped).Order(StringComparer.Ordinal).Select(t => $"is in the manifest but passes on the starter: {t}"));

            Generator.Write(generator.Solved(step), Path.Combine(stepCopy, "SessionApp"));
            var solved = await runner.RunAsync(stepCopy, step);
            if (solved.BuildError is not null)
            {
                problems.Add($"the solved step does not build: {solved.BuildError}");
            }

            problems.AddRange(solved.Failed.Select(f => $"fails with the step solved: {f.Name}: {Short(f.Message)}"));
            var skipped = starter.Skipped.Union(solved.Skipped).ToHashSet();
            if (Ci.IsCi)
            {
                problems.AddRange(skipped.Order(StringComparer.Ordinal).Select(t => $"skipped, and CI=true must run every test: {t}"));
            }

            return new ContractResult(step, starter.Warnings, own.Count, earlier.Count, solved.Failed.Count, problems) { Skipped = skipped.Count };
        }
        finally
        {
            TryDelete(copy);
        }
    }

    /// <summary>A red test teaches when it fails by an assertion, or carries the stub's "Step NN, task K" message.</summary>
    private static bool FailsAsTaught(FailedTest test, Step step) =>
        test.ExceptionType.StartsWith("Shouldly.", StringComparison.Ordinal)
        || test.ExceptionType.StartsWith("Xunit.", StringComparison.Ordinal)
        || test.Message.Contains($"Step {step.Id}, task", StringComparison.Ordinal);

    private void CheckDocs(Step step, List<string> problems)
    {
        var tasks = Markers.Task().Matches(File.ReadAllText(repository.StubsFile))
            .Where(m => m.Groups["step"].Value == step.Id)
            .Select(m => int.Parse(m.Groups["task"].Value, CultureInfo.InvariantCulture))
            .ToHashSet();
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
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig", "NuGet.config" })
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
