using Microsoft.Playwright;
using Workshop.Testkit;

namespace SessionApp.Tests.Infrastructure;

/// <summary>
/// The app on a real loopback port (a browser cannot reach the in-memory test server) and one Chromium for all
/// browser tests of a class. Each test gets its own browser context, so cookies never leak between tests. The app
/// runs with Production settings (Secure cookie), so the browser proves what users get: Chromium keeps Secure
/// cookies from http://127.0.0.1, which it treats as a secure origin.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    // With the test users of steps 07 and 08, so a browser can log in through the password form too.
#if WORKSHOP_LOGIN
    private readonly SessionAppFactory _app = new SessionAppFactory().WithUsers();
#else
    private readonly SessionAppFactory _app = new();
#endif
    private readonly ChromiumFixture _chromium = new();

    /// <summary>The browser; skips the test (or fails it under CI=true) when the machine has none.</summary>
    public IBrowser Browser => Chromium.Require(_chromium.Browser);

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The app's own settings, so a test reads the cookie name from the app instead of repeating it.</summary>
    public SessionAppFactory App => _app;

    public async ValueTask InitializeAsync()
    {
        if (BrowserLocator.Executable is null)
        {
            return; // every test skips (or fails in CI) through Browser, with the reason
        }

        BaseAddress = _app.StartOnLoopback();
        await _chromium.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _app.DisposeAsync();
    }
}
