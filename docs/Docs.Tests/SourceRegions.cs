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
