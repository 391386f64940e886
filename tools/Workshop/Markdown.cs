using System.Globalization;
using System.Text.RegularExpressions;

namespace Workshop;

/// <summary>Reads the "Task N" sections of a step's README.md and hints.md.</summary>
public static partial class Markdown
{
    [GeneratedRegex(@"^#{2,3} Task (?<n>\d+)\b.*$", RegexOptions.Multiline)]
    private static partial Regex TaskHeading();

    /// <summary>Task number to the text under its heading (up to the next heading of any task or level-2 section).</summary>
    public static IReadOnlyDictionary<int, string> Sections(string markdown)
    {
        var headings = TaskHeading().Matches(markdown);
        var sections = new Dictionary<int, string>();
        for (var i = 0; i < headings.Count; i++)
        {
            var start = headings[i].Index;
            var end = i + 1 < headings.Count ? headings[i + 1].Index : markdown.Length;
            var next = markdown.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            if (next > 0 && next < end)
            {
                end = next;
            }

            sections[int.Parse(headings[i].Groups["n"].Value, CultureInfo.InvariantCulture)] = markdown[start..end].Trim();
        }

        return sections;
    }
}
