using Microsoft.Playwright;

namespace Workshop.Testkit;

/// <summary>
/// Launches the Chromium <see cref="BrowserLocator"/> found, with its flags. With no browser, a test that needs one
/// is skipped with one line naming the fix; in CI (CI=true) it fails instead, so a missing browser never hides there.
/// </summary>
public static class Chromium
{
    /// <summary>
    /// How long a browser test waits for a page to do something (a click, a navigation, an element). The pages are
    /// local and small, so on a learner's machine a failure shows within 10 s; CI runs builds and other tests on the
    /// same cores, so there it waits 30 s rather than fail on a slow moment. A wait, never a measure of speed.
    /// </summary>
    public static float Timeout { get; } = Ci.IsCi ? 30_000 : 10_000;

    /// <summary>A headless Chromium, or null when there is none (then call <see cref="Require"/> in the test).</summary>
    /// <param name="playwright">Playwright.</param>
    /// <param name="extraArgs">More Chromium flags for this launch (e.g. <c>--host-resolver-rules=...</c>).</param>
    public static async Task<IBrowser?> TryLaunchAsync(IPlaywright playwright, IEnumerable<string>? extraArgs = null)
    {
        if (BrowserLocator.Executable is not { } executable)
        {
            return null;
        }

        return await playwright.Chromium.LaunchAsync(new()
        {
            Headless = true,
            ExecutablePath = executable,
            Args = [.. BrowserLocator.ChromiumArgs, .. extraArgs ?? []],
        });
    }

    /// <summary>The browser, or a skip (outside CI) or a failure (CI=true) that says how to get one.</summary>
    public static IBrowser Require(IBrowser? browser)
    {
        if (browser is not null)
        {
            return browser;
        }

        if (Ci.IsCi)
        {
            throw new InvalidOperationException($"{BrowserLocator.Problem} CI=true, so the browser tests must run (Debian: apt-get install chromium).");
        }

        Assert.Skip($"Browser test skipped. {BrowserLocator.Problem}");
        return null!; // Assert.Skip always throws.
    }
}
