using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SessionApp.Account;
using SessionApp.Session;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Scheme;

/// <summary>Step 09: the session as the framework's authentication scheme, on routes the framework protects.</summary>
public sealed class SchemeTests
{
    private static SessionAppFactory App() => new SessionAppFactory().WithUsers();

    /// <summary>A request as a browser navigating to a page sends it.</summary>
    private static HttpRequestMessage Navigate(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        return request;
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string path) =>
        client.GetAsync(path, TestContext.Current.CancellationToken);

    /// <summary>The user /api/me answers, asserted to be one: a JSON object with a username.</summary>
    private static async Task<JsonElement> UserAsync(HttpClient client)
    {
        using var response = await GetAsync(client, AccountEndpoints.MeRoute);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK, ThisTask.Says("A logged-in browser should reach /api/me."));
        var text = await TextAsync(response);
        using var json = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        var user = json.RootElement.Clone();
        Must.Hold(user.ValueKind == JsonValueKind.Object && user.TryGetProperty("username", out _),
            ThisTask.Says("/api/me should answer the logged-in user: HttpContext.User should be the session's user."), text);
        return user;
    }

    private static Task<string> TextAsync(HttpResponseMessage response) =>
        response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

    [Fact]
    [Task(1)]
    public async Task Without_a_session_the_account_routes_are_refused_before_they_run_and_the_tutorial_routes_are_unchanged()
    {
        using var app = App();
        using var client = app.CreateClient();

        using var me = await GetAsync(client, AccountEndpoints.MeRoute);
        await me.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized,
            ThisTask.Says($"{AccountEndpoints.MeRoute} needs a logged-in user, and the framework should refuse the request before the route runs: the route trusts HttpContext.User."));
        Must.Hold(me.Content.Headers.ContentType?.MediaType == "application/problem+json",
            ThisTask.Says("The 401 should carry a ProblemDetails body (the app's status code pages write one)."), me.Content.Headers.ContentType);

        using var page = await client.SendAsync(Navigate(AccountEndpoints.AccountRoute), TestContext.Current.CancellationToken);
        Must.Hold(page.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Found,
            ThisTask.Says($"{AccountEndpoints.AccountRoute} was served to a browser without a session: it needs a logged-in user too."), page.StatusCode);

        (await client.SessionAsync()).GetProperty("isLogin").GetBoolean()
            .ShouldBeFalse(ThisTask.Says("The tutorial's routes stay open: GET /api/session answers {\"isLogin\":false} without a session."));
    }

    [Fact]
    [Task(1)]
    public async Task The_session_scheme_challenges_and_signs_in_and_out_by_default_and_authenticates_only_the_routes_that_ask()
    {
        using var app = App();
        var schemes = app.Services.GetService<IAuthenticationSchemeProvider>();
        Must.Hold(schemes is not null, ThisTask.Says("No authentication is registered: AddAuthentication registers it, with the session scheme."));

        var scheme = await schemes.GetSchemeAsync(SessionScheme.Name);
        Must.Hold(scheme?.HandlerType == typeof(SessionAuthenticationHandler),
            ThisTask.Says($"Register the scheme \"{SessionScheme.Name}\" with SessionAuthenticationHandler."), scheme?.HandlerType);
        (await schemes.GetDefaultChallengeSchemeAsync()).ShouldNotBeNull().Name.ShouldBe(SessionScheme.Name,
            ThisTask.Says("A request the framework refuses should be answered by the session scheme's challenge."));
        (await schemes.GetDefaultSignInSchemeAsync()).ShouldNotBeNull().Name.ShouldBe(SessionScheme.Name,
            ThisTask.Says("SignInAsync without a scheme's name should sign in with the session scheme."));
        (await schemes.GetDefaultSignOutSchemeAsync()).ShouldNotBeNull().Name.ShouldBe(SessionScheme.Name,
            ThisTask.Says("SignOutAsync without a scheme's name should sign out with the session scheme."));
        Must.Hold(await schemes.GetDefaultAuthenticateSchemeAsync() is null,
            ThisTask.Says("No scheme should authenticate every request: the framework would read the session on each one (the tutorial's routes, /healthz, the static files), and the tutorial's routes read it again. Only a route that requires a user should."),
            (await schemes.GetDefaultAuthenticateSchemeAsync())?.Name);

        var policy = await app.Services.GetRequiredService<IAuthorizationPolicyProvider>().GetDefaultPolicyAsync();
        Must.Hold(policy.AuthenticationSchemes.Contains(SessionScheme.Name),
            ThisTask.Says("The default policy (what RequireAuthorization() asks for) should name the session scheme, since no scheme authenticates by default."),
            string.Join(", ", policy.AuthenticationSchemes));
    }

    [Fact]
    [Task(2)]
    public async Task After_a_login_the_framework_knows_who_is_logged_in()
    {
        using var app = App();
        using var client = app.CreateClient();
        await client.LogInForCookieAsync(app);

        var user = await UserAsync(client);
        user.GetProperty("id").GetInt64().ShouldBe(Logins.Id, ThisTask.Says("HttpContext.User should be the session's user."));
        user.GetProperty("username").GetString().ShouldBe(Logins.Username, ThisTask.Says("HttpContext.User should be the session's user."));

        using var page = await client.SendAsync(Navigate(AccountEndpoints.AccountRoute), TestContext.Current.CancellationToken);
        await page.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await TextAsync(page)).ShouldContain(Logins.FullName, Case.Sensitive, ThisTask.Says("The account page should show who is signed in."));
    }

    [Fact]
    [Task(2)]
    public async Task A_session_the_app_refuses_is_no_user_for_the_framework_either()
    {
        using var app = App();
        using var laptop = app.CreateClient();
        var copied = await laptop.LogInForCookieAsync(app);
        using var copy = app.ClientWithSession(copied);

        using (var before = await GetAsync(copy, AccountEndpoints.MeRoute))
        {
            await before.ShouldHaveStatusAsync(HttpStatusCode.OK, ThisTask.Says("A logged-in browser should reach /api/me."));
        }

        using (var logout = await laptop.DestroyAsync())
        {
            await logout.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var after = await GetAsync(copy, AccountEndpoints.MeRoute);
        await after.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized,
            ThisTask.Says("A copy of a cookie that logged out (step 08) opened /api/me: the scheme read the seal, not the session. Read through Sessions, which refuses what step 08 revoked."));
    }

    [Fact]
    [Task(2)]
    public async Task A_tutorial_route_reads_the_session_once_not_once_more_for_the_framework()
    {
        using var app = App();
        using var client = app.CreateClient();
        await client.LogInForCookieAsync(app);
        (await UserAsync(client)).GetProperty("username").GetString().ShouldBe(Logins.Username);

        using var rejected = new MetricCollector<long>(app.Services.GetRequiredService<IMeterFactory>(), SessionMetrics.MeterName, SessionMetrics.CookieRejectedName);
        using var forged = app.ClientWithCookie($"{app.CookieName}=Fe26.2**not-a-seal");
        (await forged.SessionAsync()).GetProperty("isLogin").GetBoolean().ShouldBeFalse();

        var counted = rejected.GetMeasurementSnapshot().Sum(m => m.Value);
        counted.ShouldBe(1, ThisTask.Says(
            "One request with a bad cookie to GET /api/session should be refused once. Counted more often, the session is read on every request by the framework too: task 1's registration must not make the scheme the default for authenticating."));
    }

    [Fact]
    [Task(3)]
    public async Task A_page_sends_a_browser_without_a_session_to_log_in_and_back_and_an_api_call_gets_401()
    {
        using var app = App();
        using var client = app.CreateClient();

        using var page = await client.SendAsync(Navigate(AccountEndpoints.AccountRoute + "?tab=devices"), TestContext.Current.CancellationToken);
        await page.ShouldHaveStatusAsync(HttpStatusCode.Redirect,
            ThisTask.Says("A browser that opens a page it needs to log in for should be sent to the login page, not shown a bare 401."));
        page.Headers.Location.ShouldNotBeNull().OriginalString.ShouldBe("/login?ReturnUrl=%2Faccount%3Ftab%3Ddevices",
            ThisTask.Says("The redirect should go to the login page, with the page asked for (path and query) as ReturnUrl."));

        using var api = await client.SendAsync(Navigate(AccountEndpoints.MeRoute), TestContext.Current.CancellationToken);
        await api.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized,
            ThisTask.Says("A call under /api gets 401 even when it accepts HTML: a script would follow a redirect and get the login page's HTML instead of a status it can act on."));
    }

    [Fact]
    [Task(4)]
    public async Task Signing_in_through_the_framework_begins_a_session_the_tutorial_routes_read()
    {
        using var app = App();
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync(AccountEndpoints.SignInRoute,
            new { username = Logins.Username, password = Logins.Password }, TestContext.Current.CancellationToken);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK, ThisTask.Says("SignInAsync should begin the session."));
        var cookie = Http.CookieValue(response.SetCookie(app.CookieName).ShouldNotBeNull(ThisTask.Says("SignInAsync should set the session cookie.")));
        using var sealedJson = JsonDocument.Parse(Seals.Open(cookie));
        Must.Hold(sealedJson.RootElement.TryGetProperty(SessionState.IdField, out _),
            ThisTask.Says("The session SignInAsync sealed has no id: it did not go through Sessions.BeginAsync, so step 08 could never revoke it."), sealedJson.RootElement);

        (await client.IsLoggedInAsync()).ShouldBeTrue(ThisTask.Says("The tutorial's GET /api/session should read a session the framework began."));

        using var wrong = await client.PostAsJsonAsync(AccountEndpoints.SignInRoute,
            new { username = Logins.Username, password = "not the password" }, TestContext.Current.CancellationToken);
        await wrong.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
        wrong.SetCookie(app.CookieName).ShouldBeNull("a wrong password must begin no session");
    }

    [Fact]
    [Task(4)]
    public async Task Signing_out_through_the_framework_ends_the_session_and_a_copy_of_its_cookie()
    {
        using var app = App();
        using var client = app.CreateClient();
        var copied = await client.LogInForCookieAsync(app);
        using var copy = app.ClientWithSession(copied);

        using var response = await client.PostAsync(AccountEndpoints.SignOutRoute, null, TestContext.Current.CancellationToken);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Redirect, ThisTask.Says("SignOutAsync should end the session, and the route then goes to the login page."));
        response.Headers.Location.ShouldNotBeNull().OriginalString.ShouldBe("/login");
        var cleared = response.SetCookie(app.CookieName).ShouldNotBeNull(ThisTask.Says("Signing out should clear the session cookie."));
        cleared.ShouldContain("max-age=0", Case.Insensitive);

        (await copy.IsLoggedInAsync()).ShouldBeFalse(ThisTask.Says(
            "A copy of the cookie taken before the sign-out still opens the session: SignOutAsync should end it through Sessions, so step 08 revokes its id."));
        using var me = await GetAsync(copy, AccountEndpoints.MeRoute);
        await me.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
    }
}
