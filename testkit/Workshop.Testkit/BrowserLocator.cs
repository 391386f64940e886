namespace Workshop.Testkit;

/// <summary>
/// Finds a Chromium-family browser for the browser tests, once per run: the path in WORKSHOP_BROWSER, else the usual
/// install places on Linux, macOS and Windows. It never downloads one (the workshop tool's <c>doctor</c> offers to).
/// It also owns the flags every launch uses. Shared by the browser tests, the docs tests and the workshop tool.
/// </summary>
public static class BrowserLocator
{
    public const string Variable = "WORKSHOP_BROWSER";

    /// <summary>Flags a headless Chromium needs on a locked-down Linux box, and that do no harm elsewhere.</summary>
    public static readonly IReadOnlyList<string> ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>What to do when there is no browser: one line, for a skipped test or the doctor.</summary>
    public const string Fix =
        "install Chrome or Chromium, or run `dotnet run --project tools/Workshop -- doctor` (from the repository root), "
        + "or set " + Variable + " to a Chromium-based browser";

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

    private static readonly Lazy<(string? Path, string? Problem)> Found = new(Locate);

    /// <summary>The browser's executable, or null when none was found (then <see cref="Problem"/> says why).</summary>
    public static string? Executable => Found.Value.Path;

    /// <summary>Why there is no browser, in one line that names the fix; null when there is one.</summary>
    public static string? Problem => Found.Value.Problem;

    private static (string?, string?) Locate()
    {
        var named = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(named))
        {
            return File.Exists(named)
                ? (named, null)
                : (null, $"{Variable} is set to '{named}', but there is no file there: fix the path or unset it.");
        }

        var path = Candidates.FirstOrDefault(File.Exists) ?? InPlaywrightCache();
        return path is null ? (null, $"No Chrome or Chromium found: {Fix}.") : (path, null);
    }

    /// <summary>The Chromium that Playwright's installer put in its cache, if the doctor (or anyone) downloaded one.</summary>
    private static string? InPlaywrightCache()
    {
        var cache = Environment.GetEnvironmentVariable("PLAYWRIGHT_BROWSERS_PATH") is { Length: > 0 } custom ? custom
            : OperatingSystem.IsWindows() ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "ms-playwright")
            : OperatingSystem.IsMacOS() ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Library", "Caches", "ms-playwright")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ms-playwright");
        string[] inside =
        [
            Path.Combine("chrome-linux", "chrome"), Path.Combine("chrome-linux64", "chrome"),
            Path.Combine("chrome-win", "chrome.exe"), Path.Combine("chrome-win64", "chrome.exe"),
            Path.Combine("chrome-mac", "Chromium.app", "Contents", "MacOS", "Chromium"),
        ];
        return !Directory.Exists(cache)
            ? null
            : Directory.EnumerateDirectories(cache, "chromium-*").Order(StringComparer.Ordinal).Reverse()
                .SelectMany(dir => inside.Select(file => Path.Combine(dir, file)))
                .FirstOrDefault(File.Exists);
    }
}
