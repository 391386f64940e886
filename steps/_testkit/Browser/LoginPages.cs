using Microsoft.Playwright;
using Shouldly;

namespace SessionApp.Tests.Infrastructure;

/// <summary>The two pages as a test sees them. When a click does not navigate, the failure shows what the page said.</summary>
public sealed class LoginPages(IPage page)
{
    public static class Selectors
    {
        public const string Heading = "h1";
        public const string LoginButton = "button#login";
        public const string LogoutButton = "button#logout";
        public const string Session = "pre";
        public const string Error = "#error";
    }

    public IPage Page { get; } = page;

    public async Task LogInAsync()
    {
        await Page.GotoAsync("/login");
        await ClickAndWaitForAsync(Selectors.LoginButton, "/");
    }

    public Task LogOutAsync() => ClickAndWaitForAsync(Selectors.LogoutButton, "/login");

    public Task<string> HeadingAsync() => Page.Locator(Selectors.Heading).InnerTextAsync();

    public Task<string> SessionJsonAsync() => Page.Locator(Selectors.Session).InnerTextAsync();

    private async Task ClickAndWaitForAsync(string button, string path)
    {
        await Page.ClickAsync(button);
        try
        {
            await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path, new() { Timeout = 5000 });
        }
        catch (TimeoutException)
        {
            var error = Page.Locator(Selectors.Error);
            var said = await error.IsVisibleAsync() ? await error.InnerTextAsync() : "(nothing on the page)";
            throw new ShouldAssertException($"Clicking {button} on {new Uri(Page.Url).AbsolutePath} should go to {path}, but the page stayed. It said: {said}");
        }
    }
}
