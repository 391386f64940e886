using System.Globalization;
using System.Text;

namespace Workshop;

/// <summary>
/// Makes a step's starter app from the solution: one source of truth, so the steps cannot drift.
/// A step's app holds only what the tutorial has built by then: a file listed in solutions/steps.txt from its step on,
/// the lines between <c>// &lt;from-stepNN&gt;</c> tags (and a line ending <c>// from step NN</c>) from step NN on, and
/// <c>// &lt;solution-only&gt;</c> lines never. Within what is there, every region <c>// &lt;stepNN-name&gt;</c> …
/// <c>// &lt;/stepNN-name&gt;</c> of the solution is kept (tags removed) when NN is solved, and replaced by its stub
/// from solutions/stubs.txt when it is not. A region belongs to the task its stub's TODO names, so a step can also be
/// rendered with only some of its tasks solved (the per-task contract).
/// </summary>
public sealed class Generator(Repository repository)
{
    /// <summary>The step number that stands for the finished app: everything is there, solution-only code included.</summary>
    public const int Solution = int.MaxValue;

    /// <summary>The starter files for a step: its app as built so far, regions of steps below <paramref name="step"/> solved.</summary>
    public IReadOnlyDictionary<string, string> Starter(Step step) => Render(step.Number, region => region.Step < step.Number);

    /// <summary>The step's app once the learner has solved it: regions up to <paramref name="step"/> solved.</summary>
    public IReadOnlyDictionary<string, string> Solved(Step step) => Render(step.Number, region => region.Step <= step.Number);

    /// <summary>The finished app with its markers removed: what solutions/SessionApp runs.</summary>
    public IReadOnlyDictionary<string, string> Finished() => Render(Solution, _ => true);

    /// <summary>
    /// The step's app with only tasks 1 to <paramref name="throughTask"/> of it solved: the regions of earlier
    /// steps solved, and a region of this step solved when its stub's TODO names one of those tasks.
    /// </summary>
    public IReadOnlyDictionary<string, string> SolvedThroughTask(Step step, int throughTask)
    {
        var tasks = RegionTasks();
        return Render(step.Number, region =>
            region.Step < step.Number
            || (region.Step == step.Number && (tasks.TryGetValue(region.Name, out var task)
                ? task <= throughTask
                : throw new InvalidOperationException($"solutions/stubs.txt: the stub of {region.Name} has no `// TODO: Step {step.Id}, task K` line."))));
    }

    /// <summary>
    /// Renders the app of step <paramref name="step"/> (<see cref="Solution"/>: the finished app), with the regions
    /// <paramref name="solved"/> says yes to kept and the others stubbed. Relative path (with '/') to file text.
    /// </summary>
    public IReadOnlyDictionary<string, string> Render(int step, Func<(string Name, int Step), bool> solved)
    {
        var stubs = ReadStubs();
        var regions = RegionNames();
        var missing = regions.Except(stubs.Keys).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"solutions/stubs.txt has no stub for the regions {string.Join(", ", missing)}.");
        }

        var unused = stubs.Keys.Except(regions).ToList();
        if (unused.Count > 0)
        {
            throw new InvalidOperationException($"solutions/stubs.txt has stubs for regions the solution lacks: {string.Join(", ", unused)}");
        }

        var firstSteps = ReadFirstSteps();
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in SourceFiles())
        {
            var relative = Path.GetRelativePath(repository.Solution, path).Replace('\\', '/');
            if (FirstStep(relative, firstSteps) <= step)
            {
                files[relative] = Transform(relative, File.ReadAllText(path), step, solved, stubs);
            }
        }

        return files;
    }

    /// <summary>The step from which a file is in the steps' apps: its entry (or its folder's) in solutions/steps.txt, else 1.</summary>
    public int FirstStep(string relative) => FirstStep(relative, ReadFirstSteps());

    private static int FirstStep(string relative, IReadOnlyList<(string Path, int Step)> firstSteps) =>
        firstSteps.Where(e => e.Path.EndsWith('/') ? relative.StartsWith(e.Path, StringComparison.Ordinal) : relative == e.Path)
            .Select(e => e.Step).DefaultIfEmpty(1).Max();

    /// <summary>Region name to the task its stub's TODO names: step03-append-cookie is task 2 (of step 03).</summary>
    public IReadOnlyDictionary<string, int> RegionTasks() =>
        ReadStubs()
            .Select(s => (Region: s.Key, Todo: Markers.Todo().Match(s.Value)))
            .Where(s => s.Todo.Success)
            .ToDictionary(s => s.Region, s => int.Parse(s.Todo.Groups["task"].Value, CultureInfo.InvariantCulture));

    /// <summary>The tasks of a step, in order: every distinct "Step NN, task K" in solutions/stubs.txt.</summary>
    public IReadOnlyList<int> Tasks(Step step)
    {
        return [.. Markers.Task().Matches(File.ReadAllText(repository.StubsFile))
            .Where(m => m.Groups["step"].Value == step.Id)
            .Select(m => int.Parse(m.Groups["task"].Value, CultureInfo.InvariantCulture))
            .Distinct().Order()];
    }

    /// <summary>Every region name in the solution, in file order, e.g. step03-cookie-options.</summary>
    public IReadOnlyList<string> RegionNames() =>
        [.. SourceFiles().SelectMany(File.ReadLines).Select(l => Markers.RegionStart().Match(l)).Where(m => m.Success).Select(m => m.Groups["name"].Value)];

    /// <summary>The DocFX tag around a stub in a starter: <c>stub-step03-cookie-options</c>.</summary>
    public static string StubTag(string region) => "stub-" + region;

    /// <summary>Writes a rendering into a folder, removing source files the rendering does not have.</summary>
    public static void Write(IReadOnlyDictionary<string, string> files, string folder)
    {
        if (Directory.Exists(folder))
        {
            foreach (var stale in SourceTree.Files(folder)
                         .Where(f => !files.ContainsKey(Path.GetRelativePath(folder, f).Replace('\\', '/'))))
            {
                File.Delete(stale);
            }
        }

        foreach (var (relative, text) in files)
        {
            var target = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, text, new UTF8Encoding(false));
        }

        // A folder a later step's feature left empty (Login/ in step 01, say) goes too: a learner sees only what is theirs.
        foreach (var empty in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories)
                     .OrderByDescending(d => d.Length)
                     .Where(d => !Directory.EnumerateFileSystemEntries(d).Any()))
        {
            Directory.Delete(empty);
        }
    }

    /// <summary>The source files found in a folder, to compare with a rendering.</summary>
    public static IReadOnlyDictionary<string, string> ReadFolder(string folder) =>
        !Directory.Exists(folder)
            ? new Dictionary<string, string>()
            : SourceTree.Files(folder)
                .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText);

    /// <summary>The relative paths whose text differs between two renderings (added, removed or changed).</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual) =>
        [.. expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal)
            .Where(k => !expected.TryGetValue(k, out var e) || !actual.TryGetValue(k, out var a) || Normalize(e) != Normalize(a))];

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private IEnumerable<string> SourceFiles() =>
        SourceTree.Files(repository.Solution).Order(StringComparer.Ordinal);

    private static string Transform(string file, string text, int step, Func<(string Name, int Step), bool> solved, Dictionary<string, string> stubs)
    {
        var output = new StringBuilder();
        string? region = null;
        var keep = true;
        // The presence blocks the line is in: whether each is in this step's app.
        var blocks = new Stack<bool>();
        foreach (var line in Normalize(text).Split('\n'))
        {
            var presence = Markers.PresenceTag().Match(line);
            if (presence.Success)
            {
                if (region is not null)
                {
                    throw new InvalidOperationException($"{file}: a presence tag ({line.Trim()}) inside region {region}: put the region inside the block.");
                }

                if (presence.Groups["close"].Success)
                {
                    if (blocks.Count == 0)
                    {
                        throw new InvalidOperationException($"{file}: {line.Trim()} closes no block.");
                    }

                    blocks.Pop();
                }
                else
                {
                    blocks.Push(IsPresent(presence, step));
                }

                continue;
            }

            if (blocks.Contains(false))
            {
                continue; // a later step's code: not in this step's app at all (its regions neither)
            }

            if (Markers.PresenceLine().Match(line) is { Success: true } later && !IsPresent(later, step))
            {
                continue;
            }

            var start = Markers.RegionStart().Match(line);
            if (start.Success)
            {
                if (region is not null)
                {
                    throw new InvalidOperationException($"{file}: region {start.Groups["name"].Value} starts inside {region}.");
                }

                region = start.Groups["name"].Value;
                keep = solved((region, int.Parse(start.Groups["step"].Value, CultureInfo.InvariantCulture)));
                if (!keep)
                {
                    var stub = stubs[region];

                    // The stub between DocFX code-include tags, so the docs show the code a task starts from (a stub-
                    // tag is not a step region: the starters' own markers stay the TODO lines).
                    var indent = stub[..(stub.Length - stub.TrimStart(' ').Length)];
                    output.Append(indent).Append("// <").Append(StubTag(region)).Append(">\n")
                        .Append(stub)
                        .Append(indent).Append("// </").Append(StubTag(region)).Append(">\n");
                }

                continue;
            }

            if (region is not null && Markers.RegionEnd().Match(line) is { Success: true } end && end.Groups["name"].Value == region)
            {
                region = null;
                continue;
            }

            if (region is null || keep)
            {
                output.Append(line).Append('\n');
            }
        }

        if (region is not null)
        {
            throw new InvalidOperationException($"{file}: region {region} has no closing tag // </{region}>.");
        }

        if (blocks.Count > 0)
        {
            throw new InvalidOperationException($"{file}: a presence block has no closing tag.");
        }

        return output.ToString(0, output.Length - 1); // the split added one '\n' too many
    }

    private static bool IsPresent(System.Text.RegularExpressions.Match presence, int step) =>
        presence.Groups["solution"].Success
            ? step == Solution
            : int.Parse(presence.Groups["step"].Value, CultureInfo.InvariantCulture) <= step;

    /// <summary>solutions/steps.txt: lines "path step", a folder's path ending in '/', step "solution" for the finished app only.</summary>
    private List<(string Path, int Step)> ReadFirstSteps()
    {
        var file = repository.StepsFile;
        if (!File.Exists(file))
        {
            return [];
        }

        var entries = new List<(string Path, int Step)>();
        foreach (var line in File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var first = parts is [_, "solution"] ? Solution
                : parts is [_, var number] && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : throw new InvalidOperationException($"solutions/steps.txt: \"{line}\" is not \"<path> <step number or solution>\".");
            if (!SourceFiles().Select(f => Path.GetRelativePath(repository.Solution, f).Replace('\\', '/'))
                    .Any(f => parts[0].EndsWith('/') ? f.StartsWith(parts[0], StringComparison.Ordinal) : f == parts[0]))
            {
                throw new InvalidOperationException($"solutions/steps.txt: {parts[0]} is no file or folder of the solution.");
            }

            entries.Add((parts[0], first));
        }

        return entries;
    }

    private Dictionary<string, string> ReadStubs()
    {
        var stubs = new Dictionary<string, string>();
        string? name = null;
        var body = new StringBuilder();
        foreach (var line in File.ReadAllLines(repository.StubsFile))
        {
            if (line.StartsWith("@@ ", StringComparison.Ordinal))
            {
                Flush();
                name = line[3..].Trim();
            }
            else if (name is not null)
            {
                body.Append(line).Append('\n');
            }
        }

        Flush();
        return stubs;

        void Flush()
        {
            if (name is not null)
            {
                stubs[name] = body.ToString().TrimEnd('\n') + "\n";
            }

            body.Clear();
        }
    }
}
