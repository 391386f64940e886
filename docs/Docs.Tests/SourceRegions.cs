using System.Globalization;

namespace Docs.Tests;

/// <summary>
/// The named regions of the finished app's sources, read with the workshop's own markers (<see cref="Markers"/>):
/// <c>// &lt;step03-cookie-options&gt;</c> … <c>// &lt;/step03-cookie-options&gt;</c>, in C# and JavaScript alike,
/// which are also DocFX's code include tags (see CONTRIBUTING.md). The step pages must show each one whole, inside
/// the solution of its step.
/// </summary>
public static class SourceRegions
{
    public static IReadOnlyList<Markers.Region> InSolution()
    {
        var app = RepositoryRoot.InRoot("solutions/SessionApp");
        return
        [
            .. Directory.EnumerateFiles(app, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal))
                .Where(f => !IsBuildOutput(f))
                .Order(StringComparer.Ordinal)
                .SelectMany(f => Markers.Regions(f, File.ReadAllText(f))),
        ];
    }

    /// <summary>A stub of solutions/stubs.txt: the region it replaces in a starter, the task its one TODO names, and its lines.</summary>
    public sealed record Stub(string Region, int Step, int Task, string Todo, IReadOnlyList<string> Lines)
    {
        /// <summary>The DocFX tag the generator wraps it in, in every starter: <c>stub-step03-cookie-options</c>.</summary>
        public string Tag => "stub-" + Region;
    }

    /// <summary>
    /// Every stub of solutions/stubs.txt: a block starts with <c>@@ &lt;region&gt;</c> and runs to the next <c>@@</c>
    /// (see CONTRIBUTING.md). A stub without exactly one <c>// TODO: Step NN, task K</c> line throws.
    /// </summary>
    public static IReadOnlyList<Stub> Stubs()
    {
        const string file = "solutions/stubs.txt";
        var stubs = new List<Stub>();
        string? region = null;
        var lines = new List<string>();

        foreach (var line in File.ReadAllLines(RepositoryRoot.InRoot(file)).Append("@@"))
        {
            if (!line.StartsWith("@@", StringComparison.Ordinal))
            {
                lines.Add(line);
                continue;
            }

            if (region is not null)
            {
                var todos = lines.Where(l => Markers.Todo().IsMatch(l)).ToList();
                if (todos.Count != 1)
                {
                    throw new InvalidOperationException($"{file}: the stub of {region} should have one // TODO: Step NN, task K line; it has {todos.Count}.");
                }

                var todo = Markers.Todo().Match(todos[0]);
                stubs.Add(new Stub(region, int.Parse(todo.Groups["step"].Value, CultureInfo.InvariantCulture),
                    int.Parse(todo.Groups["task"].Value, CultureInfo.InvariantCulture), todos[0].Trim(), [.. lines]));
            }

            region = line[2..].Trim();
            lines.Clear();
        }

        return stubs;
    }

    /// <summary>
    /// True when the file has the DocFX tags of a region of this name, <c>// &lt;name&gt;</c> and then
    /// <c>// &lt;/name&gt;</c>, each on a line of its own: what a code include <c>path#name</c> needs. It takes any
    /// name, not only the steps' (a starter's stub tags, <c>stub-step03-cookie-options</c>, say).
    /// </summary>
    public static bool HasTags(string file, string name)
    {
        var lines = File.ReadAllLines(file).Select(l => l.Trim()).ToList();
        var start = lines.IndexOf($"// <{name}>");
        return start >= 0 && lines.IndexOf($"// </{name}>", start + 1) > start;
    }

    /// <summary>Lines as a comparison sees them: trimmed, blank lines dropped (DocFX re-indents what it includes).</summary>
    public static IReadOnlyList<string> Normalise(IEnumerable<string> lines) =>
        [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0)];

    private static bool IsBuildOutput(string file)
    {
        var parts = file.Split(Path.DirectorySeparatorChar);
        return parts.Contains("bin") || parts.Contains("obj");
    }
}
