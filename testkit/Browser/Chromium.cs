using Microsoft.Playwright;

namespace Workshop.Testkit;

/// <summary>
/// Launches the Chromium <see cref="BrowserLocator"/> found, with its flags. With no browser, a test that needs one
/// is skipped with one line naming the fix; in CI (CI=true) it fails instead, so a missing browser never hides there.
/// </summary>
public static class Chromium
{
    /// <summary>A headless Chromium, or null when there is none (then call <see cref="Require"/> in the test).</summary>
    /// <param name="playwright">Playwright.</param>
    /// <param name="extraArgs">More Chromium flags for this launch (e.g. <c>--host-resolver-rules=...</c>).</param>
    public static async Task<IBrowser?> TryLaunchAsync(IPlaywright playwright, IEnumerable<string>? extraArgs = null)
    {
        ArgumentNullException.ThrowIfNull(playwright);
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
