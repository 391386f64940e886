using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workshop.Testkit;

/// <summary>How one test case ended: each row of a theory is a case of its own, as <c>dotnet test</c> counts them.</summary>
public enum Outcome
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>One test case's last result: its name, the task it declares (<c>[Task(K)]</c>, 0 for none) and how it ended.</summary>
public sealed record CaseResult(string Name, int Task, Outcome Outcome);

/// <summary>
/// The last results of one step's tests on this machine, in <c>.workshop/results/NN.json</c>: written by every run of
/// the step's test project (<c>dotnet test</c>, <c>dotnet watch test</c> or an IDE; testkit/Results) and by
/// <c>status --run</c>, read by <c>status</c> without starting a process. A run of some tests (an IDE's "run this
/// test") updates those and keeps the others' last results, so the file is the step as last seen, test by test.
/// </summary>
public sealed record StepResults(int Step, DateTimeOffset RunAt, IReadOnlyDictionary<string, CaseResult> Cases)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public int Passed => Cases.Values.Count(c => c.Outcome == Outcome.Passed);

    public int Failed => Cases.Values.Count(c => c.Outcome == Outcome.Failed);

    public int Skipped => Cases.Values.Count(c => c.Outcome == Outcome.Skipped);

    /// <summary>The step's tasks, as its own tests declare them: 1 to the highest <c>[Task(K)]</c>.</summary>
    public int TaskCount => Own.Select(c => c.Task).DefaultIfEmpty(0).Max();

    /// <summary>
    /// The first task of this step with a red test (the one to work on), or null when none is red. The tests of
    /// earlier steps run here too, and their <c>[Task(K)]</c> is a task of their own step, so they do not count here.
    /// </summary>
    public int? FirstRedTask => Own.Where(c => c.Outcome == Outcome.Failed && c.Task > 0).Select(c => (int?)c.Task).Min();

    /// <summary>The earliest step with a red test, when it is an earlier step's (a change broke earlier work).</summary>
    public Step? EarlierRedStep => Cases.Values.Where(c => c.Outcome == Outcome.Failed)
        .Select(c => Testkit.Step.OfTest(c.Name)).OfType<Step>().Where(s => s.Number < Step).MinBy(s => s.Number);

    private IEnumerable<CaseResult> Own => Cases.Values.Where(c => Testkit.Step.OfTest(c.Name)?.Number == Step);

    /// <summary>
    /// One line to paste into a chat or send to the room board: <c>03-store: task 2 of 2</c> (the first task with a
    /// red test), <c>03-store: done</c> when nothing is red, and which earlier step broke when one did.
    /// </summary>
    public string SummaryLine(Step step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return $"{step.Folder}: " + (Failed == 0 ? "done"
            : EarlierRedStep is { } earlier ? $"a test of step {earlier.Id} fails (earlier work broke)"
            : FirstRedTask is int task ? $"task {task} of {TaskCount}"
            : $"{Failed} {(Failed == 1 ? "test fails" : "tests fail")}");
    }

    /// <summary>Where a step's results are kept: <c>.workshop/results/03.json</c> under the repository root.</summary>
    public static string FileOf(string repositoryRoot, Step step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return Path.Combine(repositoryRoot, ".workshop", "results", $"{step.Id}.json");
    }

    /// <summary>The step's last results, or null when its tests have not run on this machine (or the file is unreadable).</summary>
    public static StepResults? Read(string repositoryRoot, Step step)
    {
        try
        {
            return JsonSerializer.Deserialize<StepResults>(File.ReadAllText(FileOf(repositoryRoot, step)), Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Adds one run's cases to the step's last results (a case run again replaces its old result; with
    /// <paramref name="replace"/>, a run of every test replaces them all) and writes the file whole: to a temporary
    /// file first, then moved over the old one, so a reader never sees half of it.
    /// </summary>
    public static StepResults Record(string repositoryRoot, Step step, IEnumerable<KeyValuePair<string, CaseResult>> run, DateTimeOffset at, bool replace = false)
    {
        var cases = new Dictionary<string, CaseResult>(replace ? [] : Read(repositoryRoot, step)?.Cases ?? new Dictionary<string, CaseResult>());
        foreach (var (id, result) in run)
        {
            cases[id] = result;
        }

        var results = new StepResults(step.Number, at, cases);
        var file = FileOf(repositoryRoot, step);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temporary = $"{file}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(results, Json));
        File.Move(temporary, file, overwrite: true);
        return results;
    }
}
