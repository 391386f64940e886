using System.Globalization;
using System.Text.RegularExpressions;

namespace Workshop;

/// <summary>
/// What a step's tests declare, each with its <c>[Task(K)]</c> attribute (testkit/Xunit/TaskAttribute.cs, the one
/// place a test's task is written): the tests that fail on the starter, grouped by the task whose solution (with the
/// tasks before it) turns them green. <c>[Task(0)]</c> tests pass on the starter and are not listed here. The kata
/// contract compares this with what the runs show; <c>verify --write-tasks</c> rewrites the attributes from them.
/// </summary>
public sealed partial record Manifest(IReadOnlyDictionary<int, IReadOnlySet<string>> Tasks)
{
    /// <summary>Every test the step declares red on its starter, whatever its task.</summary>
    public IReadOnlySet<string> All => Tasks.Values.SelectMany(t => t).ToHashSet();

    /// <summary>The tests of task <paramref name="task"/>; none when no test declares it.</summary>
    public IReadOnlySet<string> Of(int task) => Tasks.TryGetValue(task, out var tests) ? tests : new HashSet<string>();

    /// <summary>Every test of the step with its declared task (0 included): full name to task.</summary>
    public static IReadOnlyDictionary<string, int> DeclaredTasks(Repository repository, Step step) =>
        Declarations(repository, step).ToDictionary(d => d.Test, d => d.Task);

    /// <summary>The tests of the step red on its starter, by declared task.</summary>
    public static Manifest Declared(Repository repository, Step step) =>
        new(Declarations(repository, step).Where(d => d.Task > 0).GroupBy(d => d.Task)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(d => d.Test).ToHashSet()));

    /// <summary>Rewrites the <c>[Task(K)]</c> of each test named in <paramref name="taskOfTest"/> (full names) to its K.</summary>
    public static void WriteTasks(Repository repository, Step step, IReadOnlyDictionary<string, int> taskOfTest)
    {
        foreach (var group in Declarations(repository, step).Where(d => taskOfTest.TryGetValue(d.Test, out var task) && task != d.Task).GroupBy(d => d.File))
        {
            var text = File.ReadAllText(group.Key);
            foreach (var declaration in group.OrderByDescending(d => d.Index))
            {
                var attribute = $"[Task({declaration.Task})]";
                text = string.Concat(text.AsSpan(0, declaration.Index), $"[Task({taskOfTest[declaration.Test]})]", text.AsSpan(declaration.Index + attribute.Length));
            }

            File.WriteAllText(group.Key, text);
        }
    }

    private sealed record Declaration(string Test, int Task, string File, int Index);

    private static IEnumerable<Declaration> Declarations(Repository repository, Step step)
    {
        var folder = Path.Combine(repository.StepFolder(step), "Tests");
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            var ns = Namespace().Match(text).Groups["name"].Value;
            foreach (Match test in TaskAndMethod().Matches(text))
            {
                var type = Class().Matches(text[..test.Index]).LastOrDefault()?.Groups["name"].Value
                    ?? throw new InvalidOperationException($"{file}: [Task] outside a class");
                yield return new Declaration($"{ns}.{type}.{test.Groups["name"].Value}",
                    int.Parse(test.Groups["task"].Value, CultureInfo.InvariantCulture), file, test.Index);
            }
        }
    }

    [GeneratedRegex(@"^namespace\s+(?<name>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"^\s*(?:public\s+)?(?:sealed\s+|static\s+|partial\s+)*class\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex Class();

    /// <summary>A <c>[Task(K)]</c> attribute and the method it is on: its name is the word before the first '(' after the attributes.</summary>
    [GeneratedRegex(@"\[Task\((?<task>\d+)\)\]\s*(?:\[[^\]\n]*\]\s*)*[^(\n]*?\b(?<name>\w+)\s*\(")]
    private static partial Regex TaskAndMethod();
}
