namespace Workshop;

/// <summary>Gets a machine ready before the workshop (and before the conference Wi-Fi fails).</summary>
public static class Doctor
{
    public static async Task<int> RunAsync(Repository repository, IConsole console)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(console);
        var ok = true;

        var sdk = await ProcessRunner.RunAsync("dotnet", ["--version"], repository.Root);
        var version = sdk.Output.Trim();
        var sdkOk = sdk.ExitCode == 0 && Version.TryParse(version.Split('-')[0], out var v) && v.Major >= 10;
        Report(console, sdkOk, $".NET SDK {version}", "install the .NET 10 SDK: https://dotnet.microsoft.com/download/dotnet/10.0");
        ok &= sdkOk;

        console.WriteLine("  restoring every project (this downloads the packages once) ...", ConsoleColor.DarkGray);
        var restore = await ProcessRunner.RunAsync("dotnet", ["restore", "Workshop.sln", "-nologo", "-tl:off", "-v:q"], repository.Root);
        Report(console, restore.ExitCode == 0, "packages restored for Workshop.sln", Last(restore.Output));
        ok &= restore.ExitCode == 0;

        // The tests never download a browser; the doctor offers to, once, with Playwright's installer.
        var browser = BrowserLocator.Executable;
        if (browser is null)
        {
            console.WriteLine($"  {BrowserLocator.Problem}", ConsoleColor.Yellow);
            if (console.Confirm("Download Playwright's Chromium now (about 150 MB)?"))
            {
                browser = await InstallPlaywrightChromiumAsync(repository, console);
            }
        }

        Report(console, browser is not null, $"a browser for step 06: {browser}", BrowserLocator.Problem ?? BrowserLocator.Fix);
        ok &= browser is not null;

        console.WriteLine(ok ? "Ready for the workshop." : "Fix the lines marked ✗, then run doctor again.", ok ? ConsoleColor.Green : ConsoleColor.Red);
        return ok ? Cli.ExitOk : Cli.ExitFailed;
    }

    private static void Report(IConsole console, bool ok, string what, string fix)
    {
        console.Write(ok ? "✓ " : "✗ ", ok ? ConsoleColor.Green : ConsoleColor.Red);
        console.WriteLine(ok ? what : $"{what.Split(':')[0]}: {fix}");
    }

    /// <summary>Uses the Playwright driver that step 06's build brings to download its Chromium.</summary>
    private static async Task<string?> InstallPlaywrightChromiumAsync(Repository repository, IConsole console)
    {
        var step = StepArgument.Get(6);
        var folder = repository.StepFolder(step);
        console.WriteLine("  no Chrome or Chromium found: building step 06 to use Playwright's installer ...", ConsoleColor.DarkGray);
        await ProcessRunner.RunAsync("dotnet", ["build", step.TestProject, "-nologo", "-v:q"], folder);
        var driver = Path.Combine(folder, "bin", "Debug", "net10.0", ".playwright");
        var node = Directory.Exists(driver)
            ? Directory.EnumerateFiles(Path.Combine(driver, "node"), OperatingSystem.IsWindows() ? "node.exe" : "node", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (node is null)
        {
            return null;
        }

        var install = await ProcessRunner.RunAsync(node, [Path.Combine(driver, "package", "cli.js"), "install", "chromium"], folder);
        return install.ExitCode == 0 ? "Playwright's Chromium" : null;
    }

    private static string Last(string output) => output.Trim().Split('\n').LastOrDefault()?.Trim() ?? string.Empty;
}
