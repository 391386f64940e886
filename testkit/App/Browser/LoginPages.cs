using System.Text.Json;
using Microsoft.Playwright;
using Shouldly;

namespace SessionApp.Tests.Infrastructure;

/// <summary>
/// The two pages as a test sees them. Whatever goes wrong (a page that answers an error, a button that is missing,
/// a click that goes nowhere) fails as an assertion that says what the page showed, never as a bare timeout.
/// </summary>
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

    public async Task OpenAsync(string path) => await ShouldBeOkAsync(await Page.GotoAsync(path), path);

    public async Task ReloadAsync() => await ShouldBeOkAsync(await Page.ReloadAsync(), new Uri(Page.Url).AbsolutePath);

    public async Task LogInAsync()
    {
        await OpenAsync("/login");
        await ClickAndLandOnAsync(Selectors.LoginButton, "/");
    }

    public Task LogOutAsync() => ClickAndLandOnAsync(Selectors.LogoutButton, "/login");

    public Task<string> HeadingAsync() => TextOfAsync(Selectors.Heading);

    public Task<string> SessionJsonAsync() => TextOfAsync(Selectors.Session);

    private async Task<string> TextOfAsync(string selector)
    {
        try
        {
            return await Page.Locator(selector).InnerTextAsync();
        }
        catch (TimeoutException)
        {
            throw new ShouldAssertException($"{new Uri(Page.Url).AbsolutePath} has no {selector}. The page shows: {await ShownAsync()}");
        }
    }

    private async Task ClickAndLandOnAsync(string button, string path)
    {
        var from = new Uri(Page.Url).AbsolutePath;
        if (await Page.Locator(button).CountAsync() == 0)
        {
            throw new ShouldAssertException($"{from} has no {button}. The page shows: {await ShownAsync()}");
        }

        // The page either goes on, or shows why not in its error box (a stub's message, the API's problem): whichever
        // comes first, so a click that goes nowhere fails at once instead of after the whole timeout.
        var error = Page.Locator(Selectors.Error);
        var landing = Page.RunAndWaitForResponseAsync(
            () => Page.ClickAsync(button),
            r => r.Request.IsNavigationRequest && new Uri(r.Url).AbsolutePath == path);
        var shown = error.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        _ = shown.ContinueWith(t => t.Exception, TaskScheduler.Default);
        IResponse landed;
        try
        {
            if (await Task.WhenAny(landing, shown) == shown && shown.IsCompletedSuccessfully)
            {
                _ = landing.ContinueWith(t => t.Exception, TaskScheduler.Default);
                throw new ShouldAssertException($"Clicking {button} on {from} should go to {path}, but the page stayed. It said: {await error.InnerTextAsync()}");
            }

            landed = await landing;
        }
        catch (TimeoutException)
        {
            var said = await error.IsVisibleAsync() ? await error.InnerTextAsync() : "nothing";
            throw new ShouldAssertException($"Clicking {button} on {from} should go to {path}, but the page stayed. It said: {said}");
        }

        await ShouldBeOkAsync(landed, path);

        // The response is in; wait until the browser has shown the page, so the next step sees its DOM.
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path);
    }

    /// <summary>A page that answers an error shows the app's problem detail (for a stub: the step and task to do).</summary>
    private static async Task ShouldBeOkAsync(IResponse? response, string path)
    {
        if (response is null || response.Ok)
        {
            return;
        }

        var body = await response.TextAsync();
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.TryGetProperty("detail", out var detail))
            {
                body = detail.GetString() ?? body;
            }
        }
        catch (JsonException)
        {
        }

        throw new ShouldAssertException($"GET {path} should show the page but answered {response.Status}. The app said: {body}");
    }

    private async Task<string> ShownAsync()
    {
        var text = (await Page.Locator("body").InnerTextAsync(new() { Timeout = 1000 })).Trim();
        return text.Length == 0 ? "(an empty page)" : text.Length <= 300 ? text : text[..300] + "…";
    }
}
