using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Workshop;

/// <summary>
/// The <c>hint</c> verb. A step's hints.md has a <c>## Task K</c> section per task, each a numbered list whose items
/// are levels: 1 a nudge, 2 which API, 3 the shape. Each call shows the next level the learner has not seen yet for
/// the task they are on (the first whose TODO is still in their starter), so a hint never answers more than asked.
/// What was seen is kept in .workshop/hints.json at the repository root (git-ignored).
/// </summary>
public static partial class Hints
{
    private static readonly string[] LevelNames = ["a nudge", "which API", "the shape"];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>A list item at the start of a line: "1. ", "2. " ...</summary>
    [GeneratedRegex(@"^(?<n>\d+)\.\s")]
    private static partial Regex ListItem();

    /// <summary>The levels of one task's section: the text of each numbered item, its number and indentation removed.</summary>
    public static IReadOnlyList<string> Levels(string section)
    {
        var levels = new List<List<string>>();
        var indent = 0;
        foreach (var line in section.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Skip(1))
        {
            if (ListItem().Match(line) is { Success: true } item)
            {
                indent = item.Length;
                levels.Add([line[indent..]]);
            }
            else if (levels.Count > 0)
            {
                // A continuation line (a code block inside the item), or a blank line inside it.
                var leading = line.Length - line.TrimStart(' ').Length;
                levels[^1].Add(line[Math.Min(leading, indent)..]);
            }
        }

        return [.. levels.Select(l => string.Join(Environment.NewLine, l).TrimEnd())];
    }

    /// <summary>"hint 2 of 3, which API".</summary>
    public static string Label(int level, int count) =>
        level <= LevelNames.Length && count <= LevelNames.Length
            ? $"hint {level} of {count}, {LevelNames[level - 1]}"
            : $"hint {level} of {count}";

    public static int Run(Here here, IConsole console, Step step, bool all)
    {
        var repository = here.Repository;
        var stepFolder = here.Show(repository.StepFolder(step));
        var open = Cli.OpenTasks(repository, step);
        if (open.Count == 0)
        {
            var folder = stepFolder == "." ? "this folder" : stepFolder;
            console.WriteLine($"Step {step.Id}: no TODO left. Run `dotnet test` in {folder}; if a test is red, its message names the task.");
            return Cli.ExitOk;
        }

        var task = open[0];
        var hintsFile = Path.Combine(repository.StepFolder(step), "hints.md");
        var where = $"{here.Show(hintsFile)}#task-{task}";
        var sections = File.Exists(hintsFile) ? Markdown.Sections(File.ReadAllText(hintsFile)) : new Dictionary<int, string>();
        if (!sections.TryGetValue(task, out var section))
        {
            console.WriteLine($"Step {step.Id}, task {task}: no hint is written for this task yet ({where}). The README's task section says what to do.", ConsoleColor.Yellow);
            return Cli.ExitOk;
        }

        var levels = Levels(section);
        if (levels.Count == 0)
        {
            // A section that is not a numbered list: it is one hint.
            levels = [string.Join(Environment.NewLine, section.Split('\n').Skip(1)).Trim()];
        }

        var state = ReadState(repository);
        var seen = Seen(state, step, task);
        if (all || seen >= levels.Count)
        {
            console.WriteLine(all
                ? $"Step {step.Id}, task {task}: every hint ({where})"
                : $"Step {step.Id}, task {task}: you have seen all {levels.Count} hints of this task; here they are together ({where})", ConsoleColor.Cyan);
            for (var i = 0; i < levels.Count; i++)
            {
                console.WriteLine();
                console.WriteLine(Capitalized(Label(i + 1, levels.Count)) + ":", ConsoleColor.Cyan);
                console.WriteLine(levels[i]);
            }

            SaveSeen(repository, state, step, task, levels.Count);
            return Cli.ExitOk;
        }

        var level = seen + 1;
        console.WriteLine($"Step {step.Id}, task {task}: {Label(level, levels.Count)} ({where})", ConsoleColor.Cyan);
        console.WriteLine(levels[level - 1]);
        console.WriteLine();
        console.WriteLine(level < levels.Count
            ? $"Still stuck? `{here.Tool($"hint {step.Number}")}` again shows {Label(level + 1, levels.Count)}."
            : $"That was the last hint of task {task}. `{here.Tool($"hint {step.Number} --all")}` shows them all together.", ConsoleColor.DarkGray);
        SaveSeen(repository, state, step, task, level);
        return Cli.ExitOk;
    }

    /// <summary>How many levels of a task's hint the learner has seen (0 when none, or when the file is unreadable).</summary>
    public static int Seen(Repository repository, Step step, int task)
    {
        return Seen(ReadState(repository), step, task);
    }

    private static int Seen(Dictionary<string, Dictionary<string, int>> state, Step step, int task) =>
        state.TryGetValue(step.Folder, out var tasks) && tasks.TryGetValue(Key(task), out var seen) ? seen : 0;

    private static string Key(int task) => task.ToString(CultureInfo.InvariantCulture);

    /// <summary>Step folder to task number to levels seen: <c>{ "03-store": { "1": 2 } }</c>.</summary>
    private static Dictionary<string, Dictionary<string, int>> ReadState(Repository repository)
    {
        try
        {
            return File.Exists(repository.HintsFile)
                ? JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, int>>>(File.ReadAllText(repository.HintsFile)) ?? []
                : [];
        }
        catch (JsonException)
        {
            // A file mangled by hand: start again rather than refuse to help.
            return [];
        }
    }

    private static void SaveSeen(Repository repository, Dictionary<string, Dictionary<string, int>> state, Step step, int task, int seen)
    {
        if (!state.TryGetValue(step.Folder, out var tasks))
        {
            state[step.Folder] = tasks = [];
        }

        tasks[Key(task)] = Math.Max(seen, tasks.GetValueOrDefault(Key(task)));
        Directory.CreateDirectory(repository.StateFolder);
        File.WriteAllText(repository.HintsFile, JsonSerializer.Serialize(state, Json));
    }

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
