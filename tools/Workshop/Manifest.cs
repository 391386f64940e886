using System.Globalization;
using System.Text.RegularExpressions;

namespace Workshop;

/// <summary>
/// A step's manifest, tools/Workshop/Manifests/NN-name.txt: the step's tests that fail on its starter, grouped under
/// <c># task K</c> headers by the task that makes them pass (tasks 1..K solved, observed by
/// <c>verify --write-manifests</c>). Lines before the first header belong to no task (a manifest written before
/// tasks were told apart): the per-task check then asks for the manifests to be written again.
/// </summary>
public sealed partial record Manifest(IReadOnlyDictionary<int, IReadOnlySet<string>> Tasks, IReadOnlySet<string> Unassigned)
{
    [GeneratedRegex(@"^#\s*task\s+(?<task>\d+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TaskHeader();

    /// <summary>Every test of the manifest, whatever its task.</summary>
    public IReadOnlySet<string> All => Tasks.Values.SelectMany(t => t).Concat(Unassigned).ToHashSet();

    /// <summary>The tests of task <paramref name="task"/>; none when the manifest has no such task.</summary>
    public IReadOnlySet<string> Of(int task) => Tasks.TryGetValue(task, out var tests) ? tests : new HashSet<string>();

    public static Manifest Read(string path)
    {
        var tasks = new Dictionary<int, HashSet<string>>();
        var unassigned = new HashSet<string>();
        HashSet<string> current = unassigned;
        foreach (var line in File.Exists(path) ? File.ReadAllLines(path).Select(l => l.Trim()) : [])
        {
            if (TaskHeader().Match(line) is { Success: true } header)
            {
                var task = int.Parse(header.Groups["task"].Value, CultureInfo.InvariantCulture);
                current = tasks.TryGetValue(task, out var existing) ? existing : tasks[task] = [];
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                current.Add(line);
            }
        }

        return new Manifest(tasks.ToDictionary(t => t.Key, t => (IReadOnlySet<string>)t.Value), unassigned);
    }

    /// <summary>Writes the manifest of a step, a <c># task K</c> group per task of <paramref name="tasks"/> (empty groups too).</summary>
    public static void Write(string path, Step step, IReadOnlyList<int> tasks, IReadOnlyDictionary<string, int> taskOfTest)
    {
        var lines = new List<string>
        {
            $"# Tests of steps/{step.Folder} that fail on its starter (written by `verify --write-manifests`),",
            "# under the task that makes them pass: with tasks 1..K of the step solved, the tests under task 1..K pass.",
        };
        foreach (var task in tasks.Union(taskOfTest.Values).Order())
        {
            lines.Add($"# task {task}");
            lines.AddRange(taskOfTest.Where(t => t.Value == task).Select(t => t.Key).Order(StringComparer.Ordinal));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines);
    }
}
