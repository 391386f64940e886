using System.Net;
using System.Net.Sockets;
using Shouldly;
using Workshop.Testkit;

namespace SessionApp.Tests.Commands;

/// <summary>
/// The app as a process, refused at start: it says which setting and how to fix it, in sentences on standard error,
/// and exits with 1; no "Unhandled exception", no stack trace (on the projector, and for an operator, the one line
/// that matters must not drown).
/// </summary>
public sealed class StartupRefusalTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>The finished app's build, beside this test project's (a project reference copies it here).</summary>
    private static Task<ProcessRunner.Result> RunAppAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "SessionApp.dll"), .. arguments],
            AppContext.BaseDirectory, Limit, environment: environment, cancellationToken: TestContext.Current.CancellationToken);

    private static void ShouldBeSentences(ProcessRunner.Result result)
    {
        result.TimedOut.ShouldBeFalse("the app should stop by itself when it refuses to start");
        result.ExitCode.ShouldBe(1, $"a refused start exits with 1 (not 134, an abort). It printed:\n{result.Output}");
        result.Output.ShouldNotContain("Unhandled exception", Case.Sensitive, $"It printed:\n{result.Output}");
        result.Output.ShouldNotContain("   at ", Case.Sensitive, $"no stack trace. It printed:\n{result.Output}");
    }

    [Fact]
    public async Task A_refused_setting_is_named_with_its_fix_and_no_stack_trace()
    {
        var result = await RunAppAsync(
            new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Session__Password"] = "too-short", ["Session__SingleInstance"] = "true" },
            "--urls", "http://127.0.0.1:0");

        ShouldBeSentences(result);
        result.Output.ShouldContain("The app did not start: it refuses these settings.");
        result.Output.ShouldContain("  - Session:Password");
        result.Output.ShouldContain("Session__Password");
    }

    [Fact]
    public async Task A_port_in_use_is_said_with_what_to_do()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await RunAppAsync(new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Development" }, "--urls", $"http://127.0.0.1:{port}");

        ShouldBeSentences(result);
        result.Output.ShouldContain("Another app is using that port");
        result.Output.ShouldContain("--urls");
    }
}
