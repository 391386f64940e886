using System.Globalization;
using System.Text.RegularExpressions;

namespace Workshop.Testkit;

/// <summary>
/// One workshop step: its folder under steps/, what it mirrors in the tutorial, how long it takes in a room, and the
/// test namespace its tests use (<c>SessionApp.Tests.&lt;Area&gt;</c>). The one table of steps: the generator, the
/// kata contract, the workshop tool and the docs tests all read it.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Step is a Visual Basic keyword; nothing here is consumed from Visual Basic.")]
public sealed record Step(int Number, string Folder, string Title, int Minutes, string Area)
{
    public static readonly IReadOnlyList<Step> All =
    [
        new(1, "01-setup", "Project setup", 10, "Setup"),
        new(2, "02-config", "Session options", 20, "Config"),
        new(3, "03-store", "Store the session", 20, "Store"),
        new(4, "04-read", "Read the session", 15, "Read"),
        new(5, "05-destroy", "Destroy the session", 10, "Destroy"),
        new(6, "06-pages", "Login and home pages", 20, "Pages"),
        new(7, "07-login", "A login the server checks", 25, "Login"),
        new(8, "08-revoke", "A logout that revokes", 25, "Revoke"),
        new(9, "09-scheme", "The framework's way", 30, "Scheme"),
    ];

    /// <summary>The two-digit number, as in folder names and messages: 03.</summary>
    public string Id => Number.ToString("00", CultureInfo.InvariantCulture);

    /// <summary>The step's test project, at the root of its folder so <c>dotnet test</c> needs no argument there.</summary>
    public string TestProject => $"Step{Id}.Tests.csproj";

    /// <summary>The folder as the repository root sees it: steps/03-store.</summary>
    public string Path => $"steps/{Folder}";

    public static Step? Find(int number) => All.FirstOrDefault(s => s.Number == number);

    /// <summary>The step whose tests live in a namespace: SessionApp.Tests.Store.StoreTests.X is step 3; null for others.</summary>
    public static Step? OfTest(string testName)
    {
        var parts = testName.Split('.');
        return parts.Length > 2 && parts[0] == "SessionApp" && parts[1] == "Tests"
            ? All.FirstOrDefault(s => s.Area == parts[2])
            : null;
    }

    public override string ToString() => Folder;
}

/// <summary>
/// The markers that tie the solution, the starters, the docs and the tests together (see CONTRIBUTING.md):
/// a solution region <c>// &lt;step03-cookie-options&gt;</c> … <c>// &lt;/step03-cookie-options&gt;</c> (DocFX's code
/// include tags), a stub's one <c>// TODO: Step 03, task 1: ...</c>, and the "Step 03, task 1" every stub message names.
/// </summary>
public static partial class Markers
{
    /// <summary>The opening tag of a step region, in C# and JavaScript alike: <c>// &lt;step03-cookie-options&gt;</c>.</summary>
    [GeneratedRegex(@"^\s*// <(?<name>step(?<step>\d\d)-[a-z0-9-]+)>\s*$")]
    public static partial Regex RegionStart();

    /// <summary>The closing tag of a step region: <c>// &lt;/step03-cookie-options&gt;</c>.</summary>
    [GeneratedRegex(@"^\s*// </(?<name>step(?<step>\d\d)-[a-z0-9-]+)>\s*$")]
    public static partial Regex RegionEnd();

    /// <summary>
    /// The opening or closing tag of a presence block: its lines are in a step's app from step NN on
    /// (<c>// &lt;from-step07&gt;</c>), or in the finished app only (<c>// &lt;solution-only&gt;</c>). The same in XML
    /// (<c>&lt;!-- &lt;from-step08&gt; --&gt;</c>), JavaScript and JSON with comments.
    /// </summary>
    [GeneratedRegex(@"^\s*(?://|<!--)\s*<(?<close>/)?(?:from-step(?<step>\d\d)|(?<solution>solution-only))>\s*(?:-->)?\s*$")]
    public static partial Regex PresenceTag();

    /// <summary>A line that is in a step's app from step NN on: it ends with <c>// from step 07</c> (or <c>// solution only</c>).</summary>
    [GeneratedRegex(@"\S.*\s// (?:from step (?<step>\d\d)|(?<solution>solution only))\b[^/]*$")]
    public static partial Regex PresenceLine();

    /// <summary>The one TODO line of a stub.</summary>
    [GeneratedRegex(@"// TODO: Step (?<step>\d\d), task (?<task>\d+)")]
    public static partial Regex Todo();

    /// <summary>What every stub message and task reference says: "Step 03, task 2".</summary>
    [GeneratedRegex(@"Step (?<step>\d\d), task (?<task>\d+)")]
    public static partial Regex Task();

    /// <summary>A named region of a file: its name and the lines between its tags.</summary>
    public sealed record Region(string Name, int Step, string File, IReadOnlyList<string> Lines);

    /// <summary>The step regions of a file's text, in order. Regions do not nest; a missing closing tag throws.</summary>
    public static IEnumerable<Region> Regions(string file, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var start = RegionStart().Match(lines[i]);
            if (!start.Success)
            {
                continue;
            }

            var name = start.Groups["name"].Value;
            var end = Array.FindIndex(lines, i + 1, l => RegionEnd().Match(l) is { Success: true } e && e.Groups["name"].Value == name);
            var nested = Array.FindIndex(lines, i + 1, l => RegionStart().IsMatch(l));
            if (end < 0 || (nested >= 0 && nested < end))
            {
                throw new InvalidOperationException($"{file}: // <{name}> has no // </{name}> before the next region.");
            }

            yield return new Region(name, int.Parse(start.Groups["step"].Value, CultureInfo.InvariantCulture), file, lines[(i + 1)..end]);
            i = end;
        }
    }
}
