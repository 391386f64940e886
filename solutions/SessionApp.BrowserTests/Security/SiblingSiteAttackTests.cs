using System.Text.Json;
using Microsoft.Playwright;
using SessionApp.Session;
using SessionApp.Tests.Infrastructure;
using Shouldly;
using Workshop.Testkit;

namespace SessionApp.Tests.Security;

/// <summary>
/// The app and an attacker's pages on different host names, all mapped to 127.0.0.1 inside Chromium
/// (--host-resolver-rules), so the browser applies its real cookie and site rules. The app runs on plain http
/// (Secure off, so the cookie has no __Host- prefix): the checks in the app itself must hold.
/// </summary>
public sealed class HostNamesFixture : IAsyncLifetime
{
    public const string Victim = "victim.workshop.test";
    public const string Sibling = "attacker.workshop.test";
    public const string OtherSite = "evil.test";

    private readonly SessionAppFactory _app = new SessionAppFactory().WithUsers();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => Chromium.Require(_browser);

    public SessionAppFactory App => _app;

    public int Port { get; private set; }

    public string On(string host, string path = "/") => $"http://{host}:{Port}{path}";

    public async ValueTask InitializeAsync()
    {
        if (BrowserLocator.Executable is null)
        {
            return;
        }

        _app.Settings["Session:Secure"] = "false";
        Port = _app.StartOnLoopback().Port;
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.TryLaunchAsync(_playwright, [$"--host-resolver-rules=MAP {Victim} 127.0.0.1, MAP {Sibling} 127.0.0.1, MAP {OtherSite} 127.0.0.1"]);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _app.DisposeAsync();
    }
}

/// <summary>Cookie tossing from a sibling subdomain, and a cross-site form posting to destroy: both must fail.</summary>
public sealed class SiblingSiteAttackTests(HostNamesFixture hosts) : IClassFixture<HostNamesFixture>, IAsyncDisposable
{
    private IBrowserContext? _context;

    private async Task<IPage> VictimLoggedInAsync()
    {
        _context = await hosts.Browser.NewContextAsync(new() { BaseURL = hosts.On(HostNamesFixture.Victim) });
        _context.SetDefaultTimeout(Chromium.Timeout);
        var page = await _context.NewPageAsync();

        // The test kit's login waits for the home page's own response, and says what the page showed if it never came.
        await new LoginPages(page).LogInAsync();
        (await SessionShownAsync(page)).ShouldContain("\"username\":\"tvy\"", customMessage: "the victim should be logged in before the attack");
        return page;
    }

    private static async Task<string> SessionShownAsync(IPage page) => await page.Locator(LoginPages.Selectors.Session).InnerTextAsync();

    /// <summary>Serves an attacker's page at a URL, without a server of its own.</summary>
    private static async Task<IPage> AttackerPageAsync(IBrowserContext context, string url, string html)
    {
        var page = await context.NewPageAsync();
        await page.RouteAsync(url, route => route.FulfillAsync(new() { ContentType = "text/html", Body = html }));
        return page;
    }

    [Fact]
    public async Task A_cookie_planted_for_the_parent_domain_by_a_sibling_site_never_logs_the_victim_in_as_the_attacker()
    {
        var victim = await VictimLoggedInAsync();
        var name = hosts.App.CookieName;
        var mallory = Uri.EscapeDataString(Seals.Seal("""{"user":{"id":666,"username":"mallory","fullName":"Mallory"}}"""));
        var attacker = await AttackerPageAsync(_context!, hosts.On(HostNamesFixture.Sibling, "/"), $$"""
            <!DOCTYPE html><title>Free stickers</title>
            <script>document.cookie = "{{name}}={{mallory}}; domain=workshop.test; path=/";</script>
            """);

        await attacker.GotoAsync(hosts.On(HostNamesFixture.Sibling, "/"));
        await victim.ReloadAsync();

        (await _context!.CookiesAsync()).Count(c => c.Name == name).ShouldBe(2, "the attack needs the browser to hold both cookies");
        var shown = await SessionShownAsync(victim);
        shown.ShouldNotContain("mallory");
        JsonDocument.Parse(shown).RootElement.GetProperty("isLogin").GetBoolean().ShouldBeFalse("two session cookies must mean no session");
    }

    [Theory]
    [InlineData(HostNamesFixture.OtherSite)]
    [InlineData(HostNamesFixture.Sibling)]
    public async Task A_form_on_another_site_that_posts_to_destroy_does_not_log_the_victim_out(string attackerHost)
    {
        var victim = await VictimLoggedInAsync();
        var attacker = await AttackerPageAsync(_context!, hosts.On(attackerHost, "/"), $$"""
            <!DOCTYPE html><title>Win a prize</title>
            <form method="post" action="{{hosts.On(HostNamesFixture.Victim, SessionEndpoints.DestroyRoute)}}"></form>
            <script>document.forms[0].submit();</script>
            """);

        var response = await attacker.RunAndWaitForResponseAsync(
            () => attacker.GotoAsync(hosts.On(attackerHost, "/")),
            r => r.Url.EndsWith(SessionEndpoints.DestroyRoute, StringComparison.Ordinal));
        await victim.ReloadAsync();

        response.Status.ShouldBe(403, $"a form on {attackerHost} must not reach destroy; it answered: {await response.TextAsync()}");
        (await SessionShownAsync(victim)).ShouldContain("\"username\":\"tvy\"", customMessage: "the victim must still be logged in");
    }

    [Theory]
    [InlineData(HostNamesFixture.OtherSite)]
    [InlineData(HostNamesFixture.Sibling)]
    public async Task A_form_on_another_site_that_logs_the_victim_in_as_the_attacker_is_refused(string attackerHost)
    {
        // The attacker has an account of her own (grace): logged in as her, the victim would type her secrets into it.
        var victim = await VictimLoggedInAsync();
        var attacker = await AttackerPageAsync(_context!, hosts.On(attackerHost, "/"), $$"""
            <!DOCTYPE html><title>Win a prize</title>
            <form method="post" action="{{hosts.On(HostNamesFixture.Victim, SessionApp.Login.LoginEndpoints.LoginRoute)}}">
              <input name="username" value="{{Logins.OtherUsername}}"><input name="password" value="{{Logins.OtherPassword}}">
            </form>
            <script>document.forms[0].submit();</script>
            """);

        var response = await attacker.RunAndWaitForResponseAsync(
            () => attacker.GotoAsync(hosts.On(attackerHost, "/")),
            r => r.Url.EndsWith(SessionApp.Login.LoginEndpoints.LoginRoute, StringComparison.Ordinal));
        await victim.ReloadAsync();

        response.Status.ShouldBe(403, $"a login form on {attackerHost} must not reach the login route; it answered: {await response.TextAsync()}");
        (await SessionShownAsync(victim)).ShouldContain("\"username\":\"tvy\"", customMessage: "the victim must still be herself");
    }

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }
}
