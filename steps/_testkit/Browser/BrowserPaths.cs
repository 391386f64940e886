namespace SessionApp.Tests.Infrastructure;

/// <summary>
/// Where a Chromium-based browser may be: the path in WORKSHOP_BROWSER, else the usual install places on
/// Linux, macOS and Windows. Shared by the step 06 tests and the workshop tool's doctor.
/// </summary>
public static class BrowserPaths
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

    /// <summary>The browser to use, or null when none is installed where we look.</summary>
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
}
