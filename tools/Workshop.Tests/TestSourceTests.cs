using System.Text.RegularExpressions;
using Shouldly;

namespace Workshop.Tests;

/// <summary>Rules every test in the repository keeps, checked on the test sources themselves.</summary>
public sealed partial class TestSourceTests
{
    // A null-conditional before a Shouldly call skips the whole assertion when the value is null, so the test passes
    // on exactly the bug it checks.
    [GeneratedRegex(@"\?\.[^;=]*\bShould\w*\(")]
    private static partial Regex ShouldAfterNullConditional();

    /// <summary>Every C# file that tests or test helpers live in (not the apps, not build output).</summary>
    public static IEnumerable<string> TestSources()
    {
        var root = Sandbox.Real.Root;
        string[] folders = ["steps", "testkit", "solutions/SessionApp.Tests", "solutions/SessionApp.BrowserTests", "lib/IronSealing.Tests", "docs/Docs.Tests", "tools/Workshop.Tests", "tools/Workshop.ContractTests"];
        return folders
            .Select(f => Path.Combine(root, f))
            .Where(Directory.Exists)
            .SelectMany(SourceTree.Files)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !Path.GetRelativePath(root, f).Replace('\\', '/').Contains("/SessionApp/", StringComparison.Ordinal));
    }

    [Fact]
    public void No_assertion_hides_behind_a_null_conditional()
    {
        var offenders = TestSources()
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, i)))
            .Where(x => !x.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && ShouldAfterNullConditional().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(Sandbox.Real.Root, x.file)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();

        TestSources().ShouldNotBeEmpty();
        offenders.ShouldBeEmpty("a null-conditional before a Shouldly call skips the assertion when the value is null: call .ShouldNotBeNull() first");
    }
}
