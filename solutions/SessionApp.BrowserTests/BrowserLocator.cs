using Microsoft.Playwright;

namespace SessionApp.BrowserTests;

/// <summary>
/// Finds a Chromium to drive, in this order: the executable named by WORKSHOP_BROWSER, a Chromium or Chrome
/// installed on the machine, else Playwright's own download (<c>playwright install chromium</c>).
/// In CI (CI=true) a missing browser fails the run: it is never a skip.
/// </summary>
public static class BrowserLocator
{
    public const string Variable = "WORKSHOP_BROWSER";

    private static readonly string[] Candidates =
    [
        "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable",
        "/snap/bin/chromium",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        @"C:\Program Files\Google\Chrome\Application\chrome.exe",
        @"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
        @"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
        @"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
    ];

    public static string? FindExecutable()
    {
        var named = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(named))
        {
            return File.Exists(named)
                ? named
                : throw new FileNotFoundException($"{Variable} is set to '{named}', but there is no file there.");
        }

        return Candidates.FirstOrDefault(File.Exists);
    }

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright, IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        var options = new BrowserTypeLaunchOptions { Headless = true, Args = args, ExecutablePath = FindExecutable() };
        if (options.ExecutablePath is null)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                throw new InvalidOperationException(
                    "No Chromium found and CI=true: install one (Debian: apt-get install chromium) or set " + Variable + ".");
            }

            // Last resort on a learner's machine: Playwright's own browser download.
            if (Microsoft.Playwright.Program.Main(["install", "chromium"]) != 0)
            {
                throw new InvalidOperationException(
                    "No browser for the step 06 tests. Install Chrome or Chromium, or set " + Variable
                    + " to its path; see docs/troubleshooting.md.");
            }
        }

        return await playwright.Chromium.LaunchAsync(options);
    }
}
