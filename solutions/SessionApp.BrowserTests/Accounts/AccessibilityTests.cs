using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SessionApp.Tests.Infrastructure;
using Shouldly;
using Workshop.Testkit;

namespace SessionApp.Tests.Accounts;

/// <summary>The app's two pages pass axe-core's rules with no serious or critical violation, logged out and logged in.</summary>
public sealed class AccessibilityTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>, IAsyncDisposable
{
    private IBrowserContext? _context;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    private static async Task ShouldPassAxeAsync(IPage page, string what)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")
            .ToList();
        serious.ShouldBeEmpty($"{what} should have no serious or critical accessibility violation (axe-core {result.TestEngine?.Version})");
    }

    [Fact]
    public async Task The_login_and_home_pages_have_no_serious_accessibility_violation()
    {
        _context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseAddress.ToString() });
        _context.SetDefaultTimeout(Chromium.Timeout);
        var page = await _context.NewPageAsync();

        await page.GotoAsync("/login");
        await ShouldPassAxeAsync(page, "the login page");

        await page.GotoAsync("/");
        await ShouldPassAxeAsync(page, "the home page, logged out");

        await page.GotoAsync("/login");
        await page.GetByLabel("Username").FillAsync(Logins.Username);
        await page.GetByLabel("Password").FillAsync(Logins.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await ShouldPassAxeAsync(page, "the home page, logged in");
    }
}
