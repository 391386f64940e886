using System.Net;
using System.Net.Sockets;

namespace Workshop;

/// <summary>
/// Gets a machine ready before the workshop (and before the conference Wi-Fi fails): the SDK, the dotnet tools, every
/// package, every step built once (so nothing is cold on the day), the app's port, a browser for step 06. It never
/// stops at a failed check and never throws: it ends with one line per check, ✓ or ✗ with the fix.
/// </summary>
public static class Doctor
{
    /// <summary>The port the app listens on in Development (Properties/launchSettings.json, the README's URLs).</summary>
    public const int AppPort = 5080;

    /// <summary>One check's verdict: what was checked, and the fix when it failed.</summary>
    public sealed record Check(bool Ok, string What, string? Fix = null)
    {
        public override string ToString() => Ok ? $"✓ {What}" : $"✗ {What}: {Fix}";
    }

    public static async Task<int> RunAsync(Here here, IConsole console)
    {
        var repository = here.Repository;
        var checks = new List<Check>();

        checks.Add(await Safely("the .NET SDK", async () =>
        {
            var sdk = await ProcessRunner.RunAsync("dotnet", ["--version"], repository.Root);
            var version = sdk.Output.Trim();
            var ok = sdk.ExitCode == 0 && Version.TryParse(version.Split('-')[0], out var v) && v.Major >= 10;
            return new Check(ok, $".NET SDK {version}", "install the .NET 10 SDK: https://dotnet.microsoft.com/download/dotnet/10.0");
        }));

        console.WriteLine("  restoring the dotnet tools (DocFX, for the docs site) ...", ConsoleColor.DarkGray);
        checks.Add(await Safely("dotnet tools restored", async () =>
        {
            var tools = await ProcessRunner.RunAsync("dotnet", ["tool", "restore"], repository.Root);
            return new Check(tools.ExitCode == 0, "dotnet tools restored (dotnet-tools.json)", $"`dotnet tool restore` in {here.Show(repository.Root)} says: {Last(tools.Output)}");
        }));

        console.WriteLine("  restoring every project (this downloads the packages once) ...", ConsoleColor.DarkGray);
        var restored = await Safely("packages restored", async () =>
        {
            // The configuration Steps includes every step's projects, which the default Debug loads but does not build.
            var restore = await ProcessRunner.RunAsync("dotnet", ["restore", RepositoryRoot.Marker, "-p:Configuration=Steps", "-nologo", "-tl:off", "-v:q"], repository.Root);
            return new Check(restore.ExitCode == 0, $"packages restored for {RepositoryRoot.Marker}, every step included", Last(restore.Output));
        });
        checks.Add(restored);

        foreach (var step in Step.All)
        {
            console.WriteLine($"  building steps/{step.Folder} ...", ConsoleColor.DarkGray);
            checks.Add(await Safely($"{step.Path} builds", () => BuildAsync(here, step, restored.Ok)));
        }

        checks.Add(await Safely($"port {AppPort} is free", () => Task.FromResult(PortCheck(AppPort))));
        checks.Add(await Safely("a browser for step 06", () => BrowserAsync(here, console)));

        console.WriteLine();
        foreach (var check in checks)
        {
            console.Write(check.Ok ? "✓ " : "✗ ", check.Ok ? ConsoleColor.Green : ConsoleColor.Red);
            console.WriteLine(check.Ok ? check.What : $"{check.What}: {check.Fix}");
        }

        var ok = checks.All(c => c.Ok);
        console.WriteLine(ok ? "Ready for the workshop." : $"Fix the lines marked ✗, then run `{here.Tool("doctor")}` again.", ok ? ConsoleColor.Green : ConsoleColor.Red);
        return ok ? Cli.ExitOk : Cli.ExitFailed;
    }

    /// <summary>Whether something already listens on 127.0.0.1:<paramref name="port"/> (an app left running from an earlier step, say).</summary>
    public static Check PortCheck(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return new Check(true, $"port {port} is free");
        }
        catch (SocketException e)
        {
            return new Check(false, $"port {port} is in use",
                $"stop the program that uses it (an app left running from an earlier step?), or run the app with `--urls http://localhost:{port + 1}` ({e.SocketErrorCode})");
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Runs a check; an exception becomes a ✗ line that quotes it, so one broken check never hides the others.</summary>
    private static async Task<Check> Safely(string what, Func<Task<Check>> check)
    {
        try
        {
            return await check();
        }
        catch (Exception e)
        {
            return new Check(false, what, $"the check itself failed ({e.GetType().Name}: {e.Message})");
        }
    }

    /// <summary>Builds a step's test project as the learner's <c>dotnet test</c> would, so the day starts warm.</summary>
    private static async Task<Check> BuildAsync(Here here, Step step, bool restored)
    {
        var folder = here.Repository.StepFolder(step);
        string[] arguments = ["build", step.TestProject, "-nologo", "-tl:off", "-v:q", .. restored ? ["--no-restore"] : Array.Empty<string>()];
        var build = await ProcessRunner.RunAsync("dotnet", arguments, folder);
        if (build.ExitCode == 0)
        {
            return new Check(true, $"{step.Path} builds");
        }

        var error = build.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? Last(build.Output);
        return new Check(false, $"{step.Path} does not build",
            $"{error} (fix that line; or `{here.Tool($"reset {step.Number}")}` puts the starter back, keeping a copy of your files)");
    }

    /// <summary>The browser the step 06 and docs tests use; the tests never download one, the doctor offers to.</summary>
    private static async Task<Check> BrowserAsync(Here here, IConsole console)
    {
        if (BrowserLocator.Executable is { } found)
        {
            return new Check(true, $"a browser for step 06: {found}");
        }

        console.WriteLine($"  {BrowserLocator.Problem}", ConsoleColor.Yellow);
        var named = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(BrowserLocator.Variable));
        // A wrong WORKSHOP_BROWSER wins over any download, so a download would not help: the fix is the variable.
        if (!named && console.Confirm("Download Playwright's Chromium now (about 150 MB)?"))
        {
            var installed = await InstallPlaywrightChromiumAsync(here, console);
            if (installed is not null)
            {
                return new Check(true, $"a browser for step 06: {installed}");
            }
        }

        return new Check(false, "a browser for step 06", ToolLinesFromHere(here, BrowserLocator.Problem ?? BrowserLocator.Fix));
    }

    /// <summary>Uses the Playwright driver that step 06's build brings to download its Chromium.</summary>
    private static async Task<string?> InstallPlaywrightChromiumAsync(Here here, IConsole console)
    {
        var step = StepArgument.Get(6);
        var folder = here.Repository.StepFolder(step);
        console.WriteLine("  building step 06 to use Playwright's installer ...", ConsoleColor.DarkGray);
        await ProcessRunner.RunAsync("dotnet", ["build", step.TestProject, "-nologo", "-v:q"], folder);
        var driver = Path.Combine(folder, "bin", "Debug", "net10.0", ".playwright");
        var nodeFolder = Path.Combine(driver, "node");
        var node = Directory.Exists(nodeFolder)
            ? Directory.EnumerateFiles(nodeFolder, OperatingSystem.IsWindows() ? "node.exe" : "node", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (node is null)
        {
            console.WriteLine("  Playwright's installer is not there: step 06 did not build.", ConsoleColor.Yellow);
            return null;
        }

        var install = await ProcessRunner.RunAsync(node, [Path.Combine(driver, "package", "cli.js"), "install", "chromium"], folder);
        return install.ExitCode == 0 ? "Playwright's Chromium" : null;
    }

    /// <summary>The browser locator's fix names the tool as run from the repository root: say it as it runs from here.</summary>
    private static string ToolLinesFromHere(Here here, string text) =>
        text.Replace(" (from the repository root)", string.Empty, StringComparison.Ordinal)
            .Replace("dotnet run --project tools/Workshop -- ", here.Tool(string.Empty), StringComparison.Ordinal);

    private static string Last(string output) => output.Trim().Split('\n').LastOrDefault()?.Trim() ?? string.Empty;
}
