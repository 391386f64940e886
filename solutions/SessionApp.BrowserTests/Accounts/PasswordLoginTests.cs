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

    /// <summary>A fresh browser (its own cookies): one device.</summary>
    private async Task<IPage> OpenDeviceAsync()
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseAddress.ToString() });
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
}
