using Microsoft.Playwright;

namespace SessionApp.Tests.Infrastructure;

/// <summary>
/// Launches a Chromium: the one <see cref="BrowserPaths"/> finds, else Playwright's own download
/// (<c>playwright install chromium</c>). In CI (CI=true) a missing browser fails the run: it is never a skip.
/// </summary>
public static class BrowserLocator
{
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright, IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        var options = new BrowserTypeLaunchOptions { Headless = true, Args = args, ExecutablePath = BrowserPaths.FindExecutable() };
        if (options.ExecutablePath is null)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                throw new InvalidOperationException(
                    $"No Chromium found and CI=true: install one (Debian: apt-get install chromium) or set {BrowserPaths.Variable}.");
            }

            // Last resort on a learner's machine: Playwright's own browser download.
            if (Microsoft.Playwright.Program.Main(["install", "chromium"]) != 0)
            {
                throw new InvalidOperationException(
                    $"No browser for the step 06 tests. Install Chrome or Chromium, or set {BrowserPaths.Variable} to its path; "
                    + "or run `dotnet run --project tools/Workshop -- doctor`.");
            }
        }

        return await playwright.Chromium.LaunchAsync(options);
    }
}
