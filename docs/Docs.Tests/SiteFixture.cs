using System.Text.RegularExpressions;

namespace Docs.Tests;

/// <summary>Every test that reads the built site shares one DocFX build.</summary>
[CollectionDefinition(Name)]
public sealed class SharedSite : ICollectionFixture<SiteFixture>
{
    public const string Name = "Site";
}

/// <summary>
/// Builds the site once per run, exactly as docs/README.md says: <c>dotnet tool restore</c>, then
/// <c>dotnet docfx docs/docfx.json --warningsAsErrors</c> from the repository root. A failed or warning build fails
/// every test that needs the site, with DocFX's whole output. Only a DocFX that cannot be installed on a learner's
/// machine (offline, say) skips them; in CI (CI=true) that fails too.
/// </summary>
public sealed partial class SiteFixture : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private string? _unavailable;
    private string? _failure;

    public string BuildOutput { get; private set; } = string.Empty;

    /// <summary>The links DocFX could not resolve and reported as suggestions (docfx.json lowers them on purpose).</summary>
    public IReadOnlyList<UnresolvedLink> UnresolvedLinks { get; private set; } = [];

    public bool IsReady => _unavailable is null && _failure is null;

    public async ValueTask InitializeAsync()
    {
        var restore = await ProcessRunner.RunAsync("dotnet", ["tool", "restore"], RepositoryRoot.OfBinaries, Timeout);
        if (restore.ExitCode != 0)
        {
            var why = $"`dotnet tool restore` failed (exit {restore.ExitCode}), so DocFX is not installed:{Environment.NewLine}{restore.Output}";
            if (Ci.IsCi)
            {
                _failure = why + "CI=true, so the docs tests must run: make NuGet reachable for `dotnet tool restore`.";
            }
            else
            {
                _unavailable = why + "The docs tests need DocFX: run `dotnet tool restore` once while NuGet is reachable.";
            }

            return;
        }

        var build = await ProcessRunner.RunAsync("dotnet", ["docfx", "docs/docfx.json", "--warningsAsErrors"], RepositoryRoot.OfBinaries, Timeout);
        BuildOutput = build.Output;
        UnresolvedLinks = [.. InvalidFileLink().Matches(build.Output).Select(m => new UnresolvedLink(
            m.Groups["file"].Value, m.Groups["line"].Value, m.Groups["target"].Value))];

        var warnings = WarningLine().Matches(build.Output).Select(m => m.Value.Trim()).ToList();
        if (build.TimedOut || build.ExitCode != 0 || warnings.Count > 0 || !build.Output.Contains("0 warning(s)", StringComparison.Ordinal))
        {
            _failure = $"`dotnet docfx docs/docfx.json --warningsAsErrors` {(build.TimedOut ? "timed out" : $"exited {build.ExitCode}")}"
                + $" with {warnings.Count} warning line(s). DocFX said:{Environment.NewLine}{build.Output}";
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Call first in every test that reads the site: it fails (or, off CI without DocFX, skips) with the reason.</summary>
    public void RequireSite()
    {
        if (_unavailable is not null)
        {
            Assert.Skip(_unavailable);
        }

        if (_failure is not null)
        {
            Assert.Fail(_failure);
        }
    }

    // "path(12,1): warning Code: message", but not the closing "0 warning(s)".
    [GeneratedRegex(@"^.*:\s*warning\s+\w+:.*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex WarningLine();

    [GeneratedRegex(@"^(?<file>.*?)(?:\((?<line>\d+),\d+\))?: suggestion InvalidFileLink: Invalid file link:\((?<target>.*)\)\.\s*$", RegexOptions.Multiline)]
    private static partial Regex InvalidFileLink();
}

/// <summary>A link DocFX could not resolve: where it was written and what it pointed to (as <c>~/path</c>, from docs/).</summary>
public sealed record UnresolvedLink(string File, string Line, string Target)
{
    public override string ToString() => $"{File}({Line}) links to {Target}";
}
