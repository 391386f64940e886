using System.Text.Json;
using Workshop.Testkit;

namespace SessionApp.Tests.Commands;

/// <summary>
/// PowerShell 7 as the READMEs tell a learner to get it: the local .NET tool pinned in dotnet-tools.json, installed by
/// <c>dotnet tool restore</c> and run as <c>dotnet tool run pwsh</c>. Restored once per test class. When it cannot be
/// installed (no NuGet), the tests that need it are skipped with one line; in CI (CI=true) they fail instead.
/// </summary>
public sealed class PowerShell : IAsyncLifetime
{
    private static readonly TimeSpan RestoreLimit = TimeSpan.FromMinutes(5);

    private string? _unavailable;
    private string? _failure;

    /// <summary>The version dotnet-tools.json pins.</summary>
    public string PinnedVersion { get; } = ReadPinnedVersion();

    public async ValueTask InitializeAsync()
    {
        var root = RepositoryRoot.OfBinaries;
        var restore = await ProcessRunner.RunAsync("dotnet", ["tool", "restore"], root, RestoreLimit);
        if (restore.ExitCode != 0)
        {
            if (Ci.IsCi)
            {
                _failure = $"`dotnet tool restore` failed (exit {restore.ExitCode}), so PowerShell {PinnedVersion} is not installed, "
                    + $"and CI=true needs the PowerShell tests to run: make NuGet reachable. It said:{Environment.NewLine}{restore.Output}";
            }
            else
            {
                _unavailable = $"PowerShell tests skipped: `dotnet tool restore` could not install PowerShell {PinnedVersion} "
                    + $"(exit {restore.ExitCode}; is NuGet reachable?). Run it once from the repository root while online.";
            }

            return;
        }

        var probe = await RunAsync("$PSVersionTable.PSVersion.ToString()", root);
        if (probe.ExitCode != 0 || probe.StandardOutput.Trim() != PinnedVersion)
        {
            _failure = $"`dotnet tool run pwsh` should start PowerShell {PinnedVersion}, as dotnet-tools.json pins it; "
                + $"it exited {probe.ExitCode} and printed:{Environment.NewLine}{probe.Output}";
        }
    }

    /// <summary>Skips (or, in CI, fails) the calling test when pwsh is not there to run.</summary>
    public void EnsureReady()
    {
        if (_failure is not null)
        {
            Assert.Fail(_failure);
        }

        if (_unavailable is not null)
        {
            Assert.Skip(_unavailable);
        }
    }

    /// <summary>Runs a command as a learner's terminal would, from <paramref name="workingDirectory"/>: no profile, no prompts.</summary>
    public static Task<ProcessRunner.Result> RunAsync(
        string command, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync(
            "dotnet",
            ["tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", "-Command", command],
            workingDirectory,
            timeout ?? TimeSpan.FromMinutes(2),
            environment: environment,
            cancellationToken: TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static string ReadPinnedVersion()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.InRoot("dotnet-tools.json")));
        return manifest.RootElement.GetProperty("tools").TryGetProperty("powershell", out var tool)
            ? tool.GetProperty("version").GetString()!
            : throw new InvalidOperationException("dotnet-tools.json pins no 'powershell' tool; the PowerShell tests run the pwsh it pins.");
    }
}
