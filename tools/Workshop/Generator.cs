using System.Globalization;
using System.Text;

namespace Workshop;

/// <summary>
/// Makes a step's starter app from the solution: one source of truth, so the steps cannot drift.
/// Every region <c>// &lt;stepNN-name&gt;</c> … <c>// &lt;/stepNN-name&gt;</c> of the solution is kept (tags removed)
/// when NN is solved, and replaced by its stub from solutions/stubs.txt when it is not. A region belongs to the task
/// its stub's TODO names, so a step can also be rendered with only some of its tasks solved (the per-task contract).
/// </summary>
public sealed class Generator(Repository repository)
{
    /// <summary>The starter files for a step: regions of steps below <paramref name="step"/> solved.</summary>
    public IReadOnlyDictionary<string, string> Starter(Step step) => Render(step.Number - 1);

    /// <summary>The step's app once the learner has solved it: regions up to <paramref name="step"/> solved.</summary>
    public IReadOnlyDictionary<string, string> Solved(Step step) => Render(step.Number);

    /// <summary>
    /// The step's app with only tasks 1 to <paramref name="throughTask"/> of it solved: the regions of earlier
    /// steps solved, and a region of this step solved when its stub's TODO names one of those tasks.
    /// </summary>
    public IReadOnlyDictionary<string, string> SolvedThroughTask(Step step, int throughTask)
    {
        var tasks = RegionTasks();
        return Render(region =>
            region.Step < step.Number
            || (region.Step == step.Number && (tasks.TryGetValue(region.Name, out var task)
                ? task <= throughTask
                : throw new InvalidOperationException($"solutions/stubs.txt: the stub of {region.Name} has no `// TODO: Step {step.Id}, task K` line."))));
    }

    /// <summary>Relative path (with '/') to file text, for every source file of the solution app.</summary>
    public IReadOnlyDictionary<string, string> Render(int solvedThrough) => Render(region => region.Step <= solvedThrough);

    /// <summary>Renders the solution with the regions <paramref name="solved"/> says yes to kept, the others stubbed.</summary>
    public IReadOnlyDictionary<string, string> Render(Func<(string Name, int Step), bool> solved)
    {
        var stubs = ReadStubs();
        var used = new HashSet<string>();
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in SourceFiles())
        {
            var relative = Path.GetRelativePath(repository.Solution, path).Replace('\\', '/');
            files[relative] = Transform(relative, File.ReadAllText(path), solved, stubs, used);
        }

        var unused = stubs.Keys.Except(used).ToList();
        if (unused.Count > 0)
        {
            throw new InvalidOperationException($"solutions/stubs.txt has stubs for regions the solution lacks: {string.Join(", ", unused)}");
        }

        return files;
    }

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

    private static string Transform(string file, string text, Func<(string Name, int Step), bool> solved, Dictionary<string, string> stubs, HashSet<string> used)
    {
        var output = new StringBuilder();
        string? region = null;
        var keep = true;
        foreach (var line in Normalize(text).Split('\n'))
        {
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
                    var stub = stubs.TryGetValue(region, out var found)
                        ? found
                        : throw new InvalidOperationException($"{file}: region {region} has no stub in solutions/stubs.txt.");

                    // The stub between DocFX code-include tags, so the docs show the code a task starts from (a stub-
                    // tag is not a step region: the starters' own markers stay the TODO lines).
                    var indent = stub[..(stub.Length - stub.TrimStart(' ').Length)];
                    output.Append(indent).Append("// <").Append(StubTag(region)).Append(">\n")
                        .Append(stub)
                        .Append(indent).Append("// </").Append(StubTag(region)).Append(">\n");
                }

                used.Add(region);
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

        return output.ToString(0, output.Length - 1); // the split added one '\n' too many
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
