using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Workshop;

/// <summary>One failed test: its class and method (theory rows collapse into one), and why it failed.</summary>
public sealed record FailedTest(string Name, string ExceptionType, string Message);

/// <summary>
/// Test cases counted the way <c>dotnet test</c> counts them: every row of a theory is a case of its own.
/// </summary>
public sealed record CaseCounts(int Passed, int Failed, int Skipped);

/// <summary>What one run of a step's tests found.</summary>
/// <remarks>
/// Passed, Failed and Skipped are test methods, for the kata contract: a theory is one test, red when one of its
/// rows is. <see cref="Cases"/> counts rows, for <c>status</c>, so its numbers are those <c>dotnet test</c> prints.
/// Skipped: tests that could not run here (no browser, no Node packages outside CI), neither passed nor failed.
/// </remarks>
public sealed record StepRun(IReadOnlySet<string> Passed, IReadOnlyList<FailedTest> Failed, string? BuildError, int Warnings)
{
    public IReadOnlySet<string> Skipped { get; init; } = new HashSet<string>();

    public CaseCounts Cases { get; init; } = new(0, 0, 0);

    /// <summary>Each case's result, keyed by the report's test id, as <see cref="StepResults"/> keeps them.</summary>
    public IReadOnlyList<KeyValuePair<string, CaseResult>> Results { get; init; } = [];
}

/// <summary>
/// Builds a step's test project and runs it with xunit's own runner, reading the results from its XML report,
/// so the verdict does not depend on console formatting.
/// </summary>
public sealed partial class StepRunner(IConsole? console = null)
{
    [GeneratedRegex(@"(\d+) Warning\(s\)")]
    private static partial Regex WarningCount();

    public async Task<StepRun> RunAsync(string stepFolder, Step step, CancellationToken cancellationToken = default)
    {
        var project = Path.Combine(stepFolder, step.TestProject);
        console?.WriteLine($"  building steps/{step.Folder} ...", ConsoleColor.DarkGray);
        var build = await ProcessRunner.RunAsync("dotnet", ["build", project, "-nologo", "-tl:off", "-v:q", "-clp:Summary"], stepFolder, cancellationToken: cancellationToken);
        var warnings = WarningCount().Match(build.Output) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        if (build.ExitCode != 0)
        {
            var errors = string.Join(Environment.NewLine, build.Output.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Distinct().Take(10));
            return new StepRun(new HashSet<string>(), [], errors.Length > 0 ? errors : build.Output, warnings);
        }

        var dll = Path.Combine(stepFolder, "bin", "Debug", "net10.0", Path.ChangeExtension(step.TestProject, ".dll"));
        var report = Path.Combine(Path.GetTempPath(), $"workshop-{Guid.NewGuid():N}.xml");
        try
        {
            console?.WriteLine($"  testing steps/{step.Folder} ...", ConsoleColor.DarkGray);
            var test = await ProcessRunner.RunAsync("dotnet", ["exec", dll, "-xml", report, "-noColor", "-noLogo"], stepFolder, cancellationToken: cancellationToken);
            if (!File.Exists(report))
            {
                return new StepRun(new HashSet<string>(), [], $"the tests did not run (exit {test.ExitCode}): {Tail(test.Output)}", warnings);
            }

            return Parse(XDocument.Load(report)) with { Warnings = warnings };
        }
        finally
        {
            File.Delete(report);
        }
    }

    /// <summary>Reads an xunit XML report.</summary>
    public static StepRun Parse(XDocument report)
    {
        var passed = new HashSet<string>();
        var skipped = new HashSet<string>();
        var failed = new Dictionary<string, FailedTest>();
        var results = new List<KeyValuePair<string, CaseResult>>();
        foreach (var test in report.Descendants("test"))
        {
            var name = $"{test.Attribute("type")?.Value}.{test.Attribute("method")?.Value}";
            var outcome = test.Attribute("result")?.Value switch
            {
                "Pass" => Outcome.Passed,
                "Skip" => Outcome.Skipped,
                "NotRun" => (Outcome?)null, // an explicit test that was not asked for: dotnet test does not count it either
                _ => Outcome.Failed,
            };
            if (outcome is not Outcome ended)
            {
                continue;
            }

            var task = test.Descendants("trait").FirstOrDefault(t => t.Attribute("name")?.Value == "Task")?.Attribute("value")?.Value;
            results.Add(new(test.Attribute("id")?.Value ?? $"{test.Attribute("name")?.Value}#{results.Count}", new CaseResult(
                test.Attribute("name")?.Value ?? name,
                int.TryParse(task, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : 0,
                ended)));
            switch (ended)
            {
                case Outcome.Passed:
                    passed.Add(name);
                    break;
                case Outcome.Skipped:
                    skipped.Add(name);
                    break;
                default:
                    var failure = test.Element("failure");
                    failed.TryAdd(name, new FailedTest(
                        name,
                        failure?.Attribute("exception-type")?.Value ?? test.Attribute("result")?.Value ?? "?",
                        failure?.Element("message")?.Value.Trim() ?? string.Empty));
                    break;
            }
        }

        passed.ExceptWith(failed.Keys); // a theory with one red row is red
        skipped.ExceptWith(failed.Keys);
        return new StepRun(passed, [.. failed.Values.OrderBy(f => f.Name, StringComparer.Ordinal)], null, 0)
        {
            Skipped = skipped,
            Cases = new CaseCounts(Count(Outcome.Passed), Count(Outcome.Failed), Count(Outcome.Skipped)),
            Results = results,
        };

        int Count(Outcome outcome) => results.Count(r => r.Value.Outcome == outcome);
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];
}
