using System.Text.RegularExpressions;

namespace Docs.Tests;

/// <summary>
/// The named regions of the finished app's sources: <c>#region stepNN-what</c> in C#, <c>//#region stepNN-what</c>
/// in JavaScript (see CONTRIBUTING.md). The step pages must show each one whole, inside the solution of its step.
/// </summary>
public static partial class SourceRegions
{
    public sealed record Region(string Name, string File, IReadOnlyList<string> Lines)
    {
        /// <summary>The step a region belongs to: step03-cookie-options belongs to step 03.</summary>
        public string StepNumber => Name.Substring("step".Length, 2);
    }

    public static IReadOnlyList<Region> InSolution()
    {
        var app = Repository.InRoot("solutions/SessionApp");
        return
        [
            .. Directory.EnumerateFiles(app, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal))
                .Where(f => !IsBuildOutput(f))
                .SelectMany(Read),
        ];
    }

    /// <summary>The regions of one file, by either marker style.</summary>
    public static IEnumerable<Region> Read(string file)
    {
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            var start = Start().Match(lines[i]);
            if (!start.Success)
            {
                continue;
            }

            var end = Array.FindIndex(lines, i + 1, l => End().IsMatch(l));
            if (end < 0)
            {
                throw new InvalidOperationException($"{file}: #region {start.Groups["name"].Value} has no #endregion.");
            }

            yield return new Region(start.Groups["name"].Value, file, lines[(i + 1)..end]);
            i = end;
        }
    }

    /// <summary>Lines as a comparison sees them: trimmed, blank lines dropped (DocFX re-indents what it includes).</summary>
    public static IReadOnlyList<string> Normalise(IEnumerable<string> lines) =>
        [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0)];

    private static bool IsBuildOutput(string file)
    {
        var parts = file.Split(Path.DirectorySeparatorChar);
        return parts.Contains("bin") || parts.Contains("obj");
    }

    [GeneratedRegex(@"^\s*(?://\s*)?#region\s+(?<name>[\w.-]+)\s*$")]
    private static partial Regex Start();

    [GeneratedRegex(@"^\s*(?://\s*)?#endregion\b")]
    private static partial Regex End();
}
