using Microsoft.Playwright;

namespace Workshop.Testkit;

/// <summary>
/// One headless Chromium for the browser tests of a class, launched once (<see cref="Chromium.TryLaunchAsync"/>), or
/// none when the machine has no browser: each test then calls <see cref="Chromium.Require"/>, which skips it with one
/// line (or fails it under CI=true).
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (BrowserLocator.Executable is null)
        {
            return; // no Playwright driver to start for nothing: every test skips (or fails in CI) through Require
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.TryLaunchAsync(_playwright);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
