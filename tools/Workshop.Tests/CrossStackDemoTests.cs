using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Shouldly;

namespace Workshop.Tests;

/// <summary>
/// The verb <c>demo cross-stack</c>, up to where it would need Node: its usage, and the checks that stop it before it
/// starts anything. The demo itself runs in a browser test (solutions/SessionApp.BrowserTests, CrossStackDemoTests).
/// </summary>
public sealed class CrossStackDemoTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"workshop-demo-test-{Guid.NewGuid():N}");

    public CrossStackDemoTests()
    {
        // A repository with the Next.js app's files but no `npm ci` done: no node_modules.
        Directory.CreateDirectory(Path.Combine(_root, "demos", "cross-stack", "next", "pages"));
        File.WriteAllText(Path.Combine(_root, "demos", "cross-stack", "next", "package.json"), "{}");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Its_help_names_the_port_option_and_its_default()
    {
        var console = new TestConsole();

        var exit = await Cli.RunAsync(["demo", "cross-stack", "--help"], new Repository(_root), console);

        exit.ShouldBe(Cli.ExitOk, console.Text);
        console.Text.ShouldContain("--port");
        console.Text.ShouldContain(CrossStackDemo.DefaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        console.Text.ShouldContain("docs/cross-stack.md");
    }

    [Fact]
    public async Task Without_the_Next_packages_it_says_to_run_npm_ci_for_the_demo_folder_and_starts_nothing()
    {
        var console = new TestConsole();
        var starts = ProcessRunner.CountStarts();

        var exit = await Cli.RunAsync(["demo", "cross-stack", "--port", LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)], new Repository(_root), console);

        exit.ShouldBe(Cli.ExitFailed, console.Text);
        console.Text.ShouldContain("demos/cross-stack/next/node_modules is missing: run `npm ci --prefix demos/cross-stack/next` from the repository root");
        starts.Started.ShouldBeEmpty("nothing can start without the packages, not even `node --version`");
    }

    [Fact]
    public async Task The_npm_ci_it_names_works_from_the_folder_it_is_run_in()
    {
        var steps = Directory.CreateDirectory(Path.Combine(_root, "steps")).FullName;
        var console = new TestConsole();

        await Cli.RunAsync(["demo", "cross-stack", "--port", LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)], new Repository(_root), console, steps);

        console.Text.ShouldContain("run `npm ci --prefix ../demos/cross-stack/next` here");
    }

    [Fact]
    public async Task On_a_port_in_use_it_names_the_option_for_another_and_starts_nothing()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var console = new TestConsole();
        var starts = ProcessRunner.CountStarts();

        var exit = await Cli.RunAsync(["demo", "cross-stack", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], new Repository(_root), console);

        exit.ShouldBe(Cli.ExitFailed, console.Text);
        console.Text.ShouldContain($"Port {port} is in use");
        console.Text.ShouldContain($"demo cross-stack --port {port + 1}`");
        starts.Started.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    public async Task A_port_out_of_range_is_a_usage_error(string port)
    {
        var console = new TestConsole();

        var exit = await Cli.RunAsync(["demo", "cross-stack", "--port", port], new Repository(_root), console);

        exit.ShouldBe(Cli.ExitUsage, console.Text);
        console.Text.ShouldContain($"--port {port} is not a port");
    }

    [Fact]
    public void Next_is_built_again_only_when_what_it_builds_from_changed()
    {
        var next = Path.Combine(_root, "demos", "cross-stack", "next");
        var page = Path.Combine(next, "pages", "index.js");
        File.WriteAllText(page, "export default function Page() { return null; }");
        CrossStackDemo.NeedsBuild(next).ShouldBeTrue("no .next/BUILD_ID: never built");

        var buildId = Path.Combine(next, ".next", "BUILD_ID");
        Directory.CreateDirectory(Path.GetDirectoryName(buildId)!);
        File.WriteAllText(buildId, "build");
        File.SetLastWriteTimeUtc(page, DateTime.UtcNow.AddMinutes(-10));
        File.SetLastWriteTimeUtc(Path.Combine(next, "package.json"), DateTime.UtcNow.AddMinutes(-10));
        CrossStackDemo.NeedsBuild(next).ShouldBeFalse("built after every source changed");

        File.SetLastWriteTimeUtc(page, DateTime.UtcNow.AddMinutes(10));
        CrossStackDemo.NeedsBuild(next).ShouldBeTrue("a page changed after the build");
    }

    [Fact]
    public void The_Next_app_logs_in_the_same_user_as_the_ASP_NET_Core_apps_Development_settings()
    {
        var user = JsonNode.Parse(CrossStackDemo.DemoUserJson(Sandbox.Real))!.AsObject();

        user.ToJsonString().ShouldBe("""{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":"some_url.com"}""");
    }
}
