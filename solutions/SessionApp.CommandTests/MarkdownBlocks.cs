using System.Text.RegularExpressions;

namespace SessionApp.Tests.Commands;

/// <summary>A fenced code block of a Markdown file, with the expectations written right under it.</summary>
/// <param name="Line">The opening fence's line number (1-based), for messages.</param>
/// <param name="Language">The fence's info string: bash, powershell.</param>
/// <param name="Contains">Each <c>&lt;!-- expect: text --&gt;</c> right under the block: what running it prints, in this order.</param>
/// <param name="Lacks">Each <c>&lt;!-- expect not: text --&gt;</c>: what it must not print.</param>
public sealed record MarkdownBlock(string File, int Line, string Language, string Code, IReadOnlyList<string> Contains, IReadOnlyList<string> Lacks)
{
    public bool IsExpected => Contains.Count + Lacks.Count > 0;

    public override string ToString() => $"{File}:{Line}";
}

/// <summary>Reads the fenced code blocks of a Markdown file (``` fences; the READMEs use no other kind).</summary>
public static partial class MarkdownBlocks
{
    [GeneratedRegex(@"^```(?<language>[\w-]*)\s*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^<!--\s*expect(?<not> not)?:\s*(?<text>.*?)\s*-->\s*$")]
    private static partial Regex Expectation();

    public static IReadOnlyList<MarkdownBlock> Read(string file, string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<MarkdownBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var start = i;
            var code = new List<string>();
            for (i++; i < lines.Length && lines[i].TrimEnd() != "```"; i++)
            {
                code.Add(lines[i]);
            }

            if (i == lines.Length)
            {
                throw new FormatException($"{file}:{start + 1}: a code block that is never closed");
            }

            List<string> contains = [], lacks = [];
            for (; i + 1 < lines.Length && Expectation().Match(lines[i + 1]) is { Success: true } expectation; i++)
            {
                (expectation.Groups["not"].Success ? lacks : contains).Add(expectation.Groups["text"].Value);
            }

            blocks.Add(new MarkdownBlock(file, start + 1, open.Groups["language"].Value, string.Join('\n', code), contains, lacks));
        }

        return blocks;
    }

    /// <summary>A README's "## Run and check" section, up to the next level-2 heading.</summary>
    public static string RunAndCheck(string markdown)
    {
        var start = markdown.IndexOf("## Run and check", StringComparison.Ordinal);
        if (start < 0)
        {
            return string.Empty;
        }

        var end = markdown.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? markdown[start..] : markdown[start..end];
    }
}
