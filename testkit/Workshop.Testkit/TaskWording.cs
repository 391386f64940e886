using System.Text.RegularExpressions;

namespace Workshop.Testkit;

/// <summary>
/// How much of a solution a step's README gives away: for each solution region, the share of the identifiers its code
/// uses (type names and member names) that the README names before "What you learned". Cookie attribute names,
/// setting names and routes are left out: a task states those as behaviour. The hints, not the README, name APIs.
/// </summary>
public static partial class TaskWording
{
    /// <summary>Names a task may state, because they are the behaviour itself, not the code that makes it.</summary>
    public static readonly IReadOnlySet<string> Behaviour = new HashSet<string>(StringComparer.Ordinal)
    {
        "HttpOnly", "Secure", "SameSite", "Lax", "Path", "MaxAge", "Expires",
        "CookieName", "Password", "Passwords", "TimeToLive", "SealCacheBytes",
    };

    /// <summary>The most a README may name of one region, and on average over all regions.</summary>
    public const double MaxShare = 0.60;

    public const double MaxAverageShare = 0.40;

    public sealed record Share(string Region, string Readme, IReadOnlyList<string> Identifiers, IReadOnlyList<string> Named)
    {
        public double Value => Identifiers.Count == 0 ? 0 : (double)Named.Count / Identifiers.Count;
    }

    [GeneratedRegex(@"(?<![\w.])(?<name>[A-Z][A-Za-z0-9]*)\b|\.(?<member>[A-Za-z_][A-Za-z0-9_]*)\b")]
    private static partial Regex Identifier();

    // Raw strings first ($""" ... """), so their quotes are not read as empty strings; then strings, chars, JS templates, comments.
    [GeneratedRegex(@"\$*""""""[\s\S]*?""""""|@?\$*""(?:[^""\\\n]|\\.)*""|'(?:[^'\\\n]|\\.)*'|`[^`]*`|//[^\n]*")]
    private static partial Regex StringsAndComments();

    // The code inside an interpolated string's holes: {HtmlEncoder.Default.Encode(session)}.
    [GeneratedRegex(@"\{(?<code>[^{}""]+)\}")]
    private static partial Regex Hole();

    /// <summary>The identifiers a region's code uses, strings and comments left out, in first-use order.</summary>
    public static IReadOnlyList<string> IdentifiersOf(IEnumerable<string> lines)
    {
        var code = StringsAndComments().Replace(string.Join('\n', lines), m =>
            m.Value.StartsWith('$') ? " " + string.Join(' ', Hole().Matches(m.Value).Select(h => h.Groups["code"].Value)) + " " : " ");
        return
        [
            .. Identifier().Matches(code)
                .Select(m => m.Groups["name"].Success ? m.Groups["name"].Value : m.Groups["member"].Value)
                .Where(id => !Behaviour.Contains(id))
                .Distinct(StringComparer.Ordinal),
        ];
    }

    /// <summary>A README's text up to its "What you learned" section: what a learner reads before solving.</summary>
    public static string BeforeWhatYouLearned(string readme)
    {
        var end = readme.IndexOf("## What you learned", StringComparison.Ordinal);
        return end < 0 ? readme : readme[..end];
    }

    /// <summary>The share of every solution region, against its step's README, in the repository at <paramref name="root"/>.</summary>
    public static IReadOnlyList<Share> Measure(string root)
    {
        var app = Path.Combine(root, "solutions", "SessionApp");
        var regions = Directory.EnumerateFiles(app, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal))
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .SelectMany(f => Markers.Regions(f, File.ReadAllText(f)));
        var shares = new List<Share>();
        foreach (var region in regions)
        {
            var step = Step.Find(region.Step) ?? throw new InvalidOperationException($"{region.Name}: no step {region.Step}");
            var readmePath = Path.Combine(root, "steps", step.Folder, "README.md");
            var readme = BeforeWhatYouLearned(File.ReadAllText(readmePath));
            var ids = IdentifiersOf(region.Lines);
            var named = ids.Where(id => Regex.IsMatch(readme, $@"(?<![A-Za-z0-9_]){Regex.Escape(id)}(?![A-Za-z0-9_])")).ToList();
            shares.Add(new Share(region.Name, $"steps/{step.Folder}/README.md", ids, named));
        }

        return shares;
    }
}
