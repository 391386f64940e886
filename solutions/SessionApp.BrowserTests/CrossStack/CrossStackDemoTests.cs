extern alias tool;

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SessionApp.Session;
using SessionApp.Tests.Infrastructure;
using Shouldly;
using Workshop.Testkit;
using CrossStackDemo = tool::Workshop.CrossStackDemo;
using Here = tool::Workshop.Here;
using Repository = tool::Workshop.Repository;

namespace SessionApp.Tests.CrossStack;

/// <summary>
/// The cross-stack demo (docs/cross-stack.md) in a browser: the Next.js app and the finished ASP.NET Core app under one
/// origin, started as `demo cross-stack` starts them (on free ports). A login on Next.js is a login on ASP.NET Core; a
/// logout on ASP.NET Core is a logout on Next.js; and a copy of the cookie taken before that logout still opens in
/// iron-session, while the ASP.NET Core app, which remembers the logout, says logged out. The Next.js logout ends the
/// session in the ASP.NET Core app too.
/// </summary>
public sealed class CrossStackDemoTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    /// <summary>The pages' elements the test reads and clicks.</summary>
    private static class Selectors
    {
        public const string IronSession = "#iron-session";
        public const string AspNetCore = "#aspnetcore";
        public const string Differ = "#differ";
        public const string NextUsername = "#username";
        public const string NextPassword = "#password";
        public const string NextLogin = "#login";
        public const string NextLogout = "#logout";
        public const string AppSession = "#session";
        public const string AppLogout = "#logout";
    }

    [Fact]
    public void The_demo_seals_with_the_ASP_NET_Core_apps_Development_cookie_name_password_and_demo_user()
    {
        CrossStackDemo.CookieName.ShouldBe(IronSessionOptions.DefaultCookieName);
        CrossStackDemo.Password.ShouldBe(IronSessionOptions.DevelopmentPassword);
        CrossStackDemo.DemoUsername.ShouldBe(Logins.DemoUsername);
        CrossStackDemo.DemoPassword.ShouldBe(Logins.DemoPassword);
    }

    [Fact]
    public async Task A_login_on_Next_js_holds_on_ASP_NET_Core_and_its_logout_there_holds_on_Next_js()
    {
        var browser = Chromium.Require(chromium.Browser);
        await RequireNodeAsync();
        var cancel = TestContext.Current.CancellationToken;
        await using var demo = await CrossStackDemo.StartAsync(new Repository(RepositoryRoot.OfBinaries), frontPort: 0, build: false, TestContext.Current.SendDiagnosticMessage, cancel);
        var front = demo.Front.ToString().TrimEnd('/');

        await using var context = await browser.NewContextAsync(new() { BaseURL = front, ViewportSize = new() { Width = 1000, Height = 460 } });
        context.SetDefaultTimeout(Chromium.Timeout);
        var page = await context.NewPageAsync();

        // Log in on the Next.js page: iron-session seals the cookie, and both apps read it.
        await LogInOnNextAsync(page);
        await Assertions.Expect(page.Locator(Selectors.IronSession)).ToHaveTextAsync("iron-session reads: logged in as tvy (tvydev, id 23)");
        await Assertions.Expect(page.Locator(Selectors.AspNetCore)).ToHaveTextAsync("ASP.NET Core says: logged in as tvy (tvydev, id 23)");

        // The ASP.NET Core home page shows the same user, from the cookie Next.js sealed.
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator(Selectors.AppSession)).ToContainTextAsync(new Regex("\"username\":\\s*\"tvy\""));
        var copy = (await context.CookiesAsync()).Single(c => c.Name == CrossStackDemo.CookieName);

        // Log out on ASP.NET Core: the cookie is cleared, so Next.js sees logged out too.
        await page.Locator(Selectors.AppLogout).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        (await context.CookiesAsync()).ShouldNotContain(c => c.Name == CrossStackDemo.CookieName, "the ASP.NET Core logout clears the cookie for both apps");
        await page.GotoAsync(CrossStackDemo.NextSessionPath);
        await Assertions.Expect(page.Locator(Selectors.IronSession)).ToHaveTextAsync("iron-session reads: logged out");
        await Assertions.Expect(page.Locator(Selectors.AspNetCore)).ToHaveTextAsync("ASP.NET Core says: logged out");

        // A copy of the cookie taken before the logout (another tab's, a thief's): iron-session opens it, since it only
        // checks the seal; the ASP.NET Core app revoked the session's id at the logout (step 08) and says so.
        await using var thief = await browser.NewContextAsync(new() { BaseURL = front, ViewportSize = new() { Width = 1000, Height = 460 } });
        thief.SetDefaultTimeout(Chromium.Timeout);
        await thief.AddCookiesAsync([new Cookie { Name = copy.Name, Value = copy.Value, Domain = copy.Domain, Path = copy.Path, HttpOnly = copy.HttpOnly, SameSite = copy.SameSite }]);
        var stolen = await thief.NewPageAsync();
        await stolen.GotoAsync(CrossStackDemo.NextSessionPath);
        await Assertions.Expect(stolen.Locator(Selectors.IronSession)).ToHaveTextAsync("iron-session reads: logged in as tvy (tvydev, id 23)");
        await Assertions.Expect(stolen.Locator(Selectors.AspNetCore)).ToHaveTextAsync("ASP.NET Core says: logged out");
        await Assertions.Expect(stolen.Locator(Selectors.Differ)).ToBeVisibleAsync();
        await stolen.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "cross-stack.png"), FullPage = true });

        // The Next.js logout ends the session in the ASP.NET Core app too (iron-session alone would only clear the cookie).
        await LogInOnNextAsync(page);
        var second = (await context.CookiesAsync()).Single(c => c.Name == CrossStackDemo.CookieName);
        await page.Locator(Selectors.NextLogout).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == CrossStackDemo.NextLoginPath);
        await thief.ClearCookiesAsync();
        await thief.AddCookiesAsync([new Cookie { Name = second.Name, Value = second.Value, Domain = second.Domain, Path = second.Path }]);
        await stolen.GotoAsync(CrossStackDemo.NextSessionPath);
        await Assertions.Expect(stolen.Locator(Selectors.IronSession)).ToHaveTextAsync("iron-session reads: logged in as tvy (tvydev, id 23)");
        await Assertions.Expect(stolen.Locator(Selectors.AspNetCore)).ToHaveTextAsync("ASP.NET Core says: logged out");
    }

    private static async Task LogInOnNextAsync(IPage page)
    {
        await page.GotoAsync(CrossStackDemo.NextLoginPath);
        await page.Locator(Selectors.NextUsername).FillAsync(CrossStackDemo.DemoUsername);
        await page.Locator(Selectors.NextPassword).FillAsync(CrossStackDemo.DemoPassword);
        await page.Locator(Selectors.NextLogin).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == CrossStackDemo.NextSessionPath);
    }

    /// <summary>Node and the Next.js app's packages, or a skip that names the fix (a failure under CI=true).</summary>
    private static async Task RequireNodeAsync()
    {
        var repository = new Repository(RepositoryRoot.OfBinaries);
        var problem = CrossStackDemo.MissingPackages(new Here(repository, repository.Root))
            ?? await CrossStackDemo.NodeProblemAsync(TestContext.Current.CancellationToken);
        if (problem is null)
        {
            return;
        }

        if (Ci.IsCi)
        {
            throw new InvalidOperationException($"{problem} CI=true, so the cross-stack demo must run (.ci/run does the npm ci).");
        }

        Assert.Skip($"Cross-stack demo test skipped. {problem}");
    }
}
