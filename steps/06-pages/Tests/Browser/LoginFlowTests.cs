using Microsoft.Playwright;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Pages;

/// <summary>Step 06 in a real Chromium: log in, see the session, prove JavaScript cannot read it, log out.</summary>
public sealed class LoginFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string CookieName = "workshop_auth";

    private IBrowserContext _context = null!;
    private LoginPages _pages = null!;

    public async ValueTask InitializeAsync()
    {
        _context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseAddress.ToString() });

        // The pages are local and tiny: anything slower than this is a bug, and a learner should not wait 30 s to see it.
        _context.SetDefaultTimeout(5000);
        _pages = new LoginPages(await _context.NewPageAsync());
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Clicking_Login_lands_on_the_home_page_showing_the_session()
    {
        await _pages.LogInAsync();

        (await _pages.HeadingAsync()).ShouldBe("Home Page");
        (await _pages.SessionJsonAsync()).ShouldBe(
            """{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":"some_url.com","isLogin":true}""");
    }

    [Fact]
    public async Task JavaScript_cannot_read_the_session_cookie_that_the_browser_holds()
    {
        await _pages.LogInAsync();

        var cookie = (await _context.CookiesAsync()).SingleOrDefault(c => c.Name == CookieName);
        var visibleToScript = await _pages.Page.EvaluateAsync<string>("() => document.cookie");

        cookie.ShouldNotBeNull("the browser should hold the session cookie after Login");
        cookie.HttpOnly.ShouldBeTrue();
        cookie.SameSite.ShouldBe(SameSiteAttribute.Lax);
        visibleToScript.ShouldNotContain(CookieName);
    }

    [Fact]
    public async Task Reloading_the_home_page_keeps_the_session()
    {
        await _pages.LogInAsync();

        await _pages.ReloadAsync();

        (await _pages.SessionJsonAsync()).ShouldContain("\"isLogin\":true");
    }

    [Fact]
    public async Task Clicking_Logout_goes_back_to_login_and_ends_the_session()
    {
        await _pages.LogInAsync();

        await _pages.LogOutAsync();

        (await _pages.HeadingAsync()).ShouldBe("Login Page");
        (await _context.CookiesAsync()).ShouldNotContain(c => c.Name == CookieName);
        await _pages.OpenAsync("/");
        (await _pages.SessionJsonAsync()).ShouldBe("""{"isLogin":false}""");
    }
}
