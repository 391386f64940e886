using Microsoft.Playwright;
using SessionApp.Tests.Infrastructure;
using Shouldly;
using Workshop.Testkit;

namespace SessionApp.Tests.Pages;

/// <summary>Step 06 in a real Chromium: log in, see the session, prove JavaScript cannot read it, log out.</summary>
public sealed class LoginFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>, IAsyncDisposable
{
    private IBrowserContext? _context;

    private string CookieName => fixture.App.CookieName;

    /// <summary>A fresh browser context (its own cookies) on the app; skips the test when the machine has no browser.</summary>
    private async Task<(IBrowserContext Context, LoginPages Pages)> OpenBrowserAsync()
    {
        _context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseAddress.ToString() });

        _context.SetDefaultTimeout(Chromium.Timeout);
        return (_context, new LoginPages(await _context.NewPageAsync()));
    }

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    [Fact]
    [Task(3)]
    public async Task Clicking_Login_lands_on_the_home_page_showing_the_session()
    {
        var (_, pages) = await OpenBrowserAsync();
        await pages.LogInAsync();

        (await pages.HeadingAsync()).ShouldBe("Home Page");
        (await pages.SessionJsonAsync()).ShouldBe(
            """{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":"some_url.com","isLogin":true}""");
    }

    [Fact]
    [Task(3)]
    public async Task JavaScript_cannot_read_the_session_cookie_that_the_browser_holds()
    {
        var (context, pages) = await OpenBrowserAsync();
        await pages.LogInAsync();

        var cookie = (await context.CookiesAsync()).SingleOrDefault(c => c.Name == CookieName);
        var visibleToScript = await pages.Page.EvaluateAsync<string>("() => document.cookie");

        cookie.ShouldNotBeNull("the browser should hold the session cookie after Login");
        cookie.HttpOnly.ShouldBeTrue();
        cookie.SameSite.ShouldBe(SameSiteAttribute.Lax);
        visibleToScript.ShouldNotContain(CookieName);
    }

    [Fact]
    [Task(3)]
    public async Task Reloading_the_home_page_keeps_the_session()
    {
        var (_, pages) = await OpenBrowserAsync();
        await pages.LogInAsync();

        await pages.ReloadAsync();

        (await pages.SessionJsonAsync()).ShouldContain("\"isLogin\":true");
    }

    [Fact]
    [Task(3)]
    public async Task Clicking_Logout_goes_back_to_login_and_ends_the_session()
    {
        var (context, pages) = await OpenBrowserAsync();
        await pages.LogInAsync();

        await pages.LogOutAsync();

        (await pages.HeadingAsync()).ShouldBe("Login Page");
        (await context.CookiesAsync()).ShouldNotContain(c => c.Name == CookieName);
        await pages.OpenAsync("/");
        (await pages.SessionJsonAsync()).ShouldBe("""{"isLogin":false}""");
    }
}
