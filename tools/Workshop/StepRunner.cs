using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Workshop;

/// <summary>One failed test: its class and method (theory rows collapse into one), and why it failed.</summary>
public sealed record FailedTest(string Name, string ExceptionType, string Message);

/// <summary>What one run of a step's tests found.</summary>
public sealed record StepRun(IReadOnlySet<string> Passed, IReadOnlyList<FailedTest> Failed, string? BuildError, int Warnings);

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
        ArgumentNullException.ThrowIfNull(step);
        var project = Path.Combine(stepFolder, step.TestProject);
        console?.WriteLine($"  building steps/{step.Folder} ...", ConsoleColor.DarkGray);
        var build = await RunProcessAsync("dotnet", ["build", project, "-nologo", "-tl:off", "-v:q", "-clp:Summary"], stepFolder, cancellationToken);
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
            var test = await RunProcessAsync("dotnet", ["exec", dll, "-xml", report, "-noColor", "-noLogo"], stepFolder, cancellationToken);
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
        ArgumentNullException.ThrowIfNull(report);
        var passed = new HashSet<string>();
        var failed = new Dictionary<string, FailedTest>();
        foreach (var test in report.Descendants("test"))
        {
            var name = $"{test.Attribute("type")?.Value}.{test.Attribute("method")?.Value}";
            if (test.Attribute("result")?.Value == "Pass")
            {
                passed.Add(name);
            }
            else
            {
                var failure = test.Element("failure");
                failed.TryAdd(name, new FailedTest(
                    name,
                    failure?.Attribute("exception-type")?.Value ?? test.Attribute("result")?.Value ?? "?",
                    failure?.Element("message")?.Value.Trim() ?? string.Empty));
            }
        }

        passed.ExceptWith(failed.Keys); // a theory with one red row is red
        return new StepRun(passed, [.. failed.Values.OrderBy(f => f.Name, StringComparer.Ordinal)], null, 0);
    }

    /// <summary>
    /// Runs a nested dotnet command with a clean environment: the variables a surrounding build or test run sets
    /// (MSBuild paths, test-platform handshakes) would otherwise leak into it and break it.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunProcessAsync(string file, IEnumerable<string> args, string workingDirectory, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(IsLeaky).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    private static bool IsLeaky(string key) =>
        key.StartsWith("MSBuild", StringComparison.Ordinal)
        || key is "MSBUILD_EXE_PATH" or "DOTNET_HOST_PATH" or "MSBUILDNOINPROCNODE"
        || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("XUNIT", StringComparison.OrdinalIgnoreCase);

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];
}
