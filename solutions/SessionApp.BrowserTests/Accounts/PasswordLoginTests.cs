using Microsoft.Playwright;
using SessionApp.Tests.Infrastructure;
using Shouldly;
using Workshop.Testkit;

namespace SessionApp.Tests.Accounts;

/// <summary>
/// Steps 07 and 08 in a real Chromium: log in through the password form, where a script still cannot read the cookie;
/// a wrong password is shown on the page; "Log out everywhere" on one device ends the session on another.
/// </summary>
public sealed class PasswordLoginTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>, IAsyncDisposable
{
    private readonly List<IBrowserContext> _contexts = [];

    /// <summary>A fresh browser (its own cookies): one device; <paramref name="script"/> false turns JavaScript off.</summary>
    private async Task<IPage> OpenDeviceAsync(bool script = true)
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseAddress.ToString(), JavaScriptEnabled = script });
        context.SetDefaultTimeout(Chromium.Timeout);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    private static async Task SubmitLoginAsync(IPage page, string username, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
    }

    private static async Task LogInAsync(IPage page)
    {
        await SubmitLoginAsync(page, Logins.Username, Logins.Password);
        try
        {
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        }
        catch (TimeoutException)
        {
            throw new ShouldAssertException($"Logging in through the form should land on the home page; the page stayed, saying: {await page.Locator("#error").InnerTextAsync()}");
        }
    }

    /// <summary>Waits for the form's redirect to a page; says where the browser stayed, and what it showed, if it never came.</summary>
    private static async Task LandsOnAsync(IPage page, string pathAndQuery, string what)
    {
        try
        {
            await page.WaitForURLAsync(url => pathAndQuery == "/" ? new Uri(url).AbsolutePath == "/" : new Uri(url).PathAndQuery.StartsWith(pathAndQuery, StringComparison.Ordinal));
        }
        catch (TimeoutException)
        {
            throw new ShouldAssertException($"Without JavaScript, {what} should land on {pathAndQuery}; the browser is at {page.Url}, showing: {await page.Locator("body").InnerTextAsync()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
    }

    [Fact]
    public async Task Logging_in_through_the_form_shows_the_user_and_no_script_can_read_the_cookie()
    {
        var page = await OpenDeviceAsync();

        await LogInAsync(page);

        (await page.Locator("pre").InnerTextAsync()).ShouldContain($"\"fullName\":\"{Logins.FullName}\"");
        var cookie = (await page.Context.CookiesAsync()).SingleOrDefault(c => c.Name == fixture.App.CookieName);
        cookie.ShouldNotBeNull("the browser should hold the session cookie after logging in").HttpOnly.ShouldBeTrue();
        (await page.EvaluateAsync<string>("() => document.cookie")).ShouldBe(string.Empty, "no script may see the session cookie");
    }

    [Fact]
    public async Task A_wrong_password_is_shown_on_the_login_page()
    {
        var page = await OpenDeviceAsync();

        await SubmitLoginAsync(page, Logins.Username, "not her password");

        var error = page.Locator("#error");
        await error.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        (await error.InnerTextAsync()).ShouldContain("wrong");
        new Uri(page.Url).AbsolutePath.ShouldBe("/login");
        (await page.Context.CookiesAsync()).ShouldNotContain(c => c.Name == fixture.App.CookieName);
    }

    [Fact]
    public async Task Log_out_everywhere_on_one_device_ends_the_session_on_another()
    {
        var laptop = await OpenDeviceAsync();
        var phone = await OpenDeviceAsync();
        await LogInAsync(laptop);
        await LogInAsync(phone);

        await phone.GetByRole(AriaRole.Button, new() { Name = "Log out everywhere" }).ClickAsync();
        await phone.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        await laptop.ReloadAsync();

        (await laptop.Locator("pre").InnerTextAsync()).ShouldBe("""{"isLogin":false}""", "the laptop's session ended with the phone's \"log out everywhere\"");
    }

    [Fact]
    public async Task With_JavaScript_off_the_form_still_logs_in_and_a_wrong_password_is_shown_by_the_server()
    {
        var page = await OpenDeviceAsync(script: false);

        await SubmitLoginAsync(page, Logins.Username, "not her password");
        await LandsOnAsync(page, "/login?error=", "a wrong password");
        (await page.Locator("#login-error").InnerTextAsync()).ShouldBe("The username or the password is wrong.");

        await SubmitLoginAsync(page, Logins.Username, Logins.Password);
        await LandsOnAsync(page, "/", "the right password");
        (await page.Locator("pre").InnerTextAsync()).ShouldContain($"\"fullName\":\"{Logins.FullName}\"");
        (await page.Context.CookiesAsync()).ShouldContain(c => c.Name == fixture.App.CookieName && c.HttpOnly);
    }
}
