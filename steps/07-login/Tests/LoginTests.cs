using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SessionApp.Login;
using SessionApp.Session;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Login;

/// <summary>Step 07: POST /api/session/login checks the password, and only then seals the user the server knows.</summary>
public sealed class LoginTests
{
    private static SessionAppFactory App() => new SessionAppFactory().WithUsers();

    [Fact]
    [Task(1)]
    public async Task The_right_password_logs_in_as_the_user_the_server_knows()
    {
        using var app = App();
        using var client = app.CreateClient();

        using var response = await client.LogInAsync(Logins.Username, Logins.Password);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK, ThisTask.Says("Check the password against the user's hash."));
        response.SetCookie(app.CookieName).ShouldNotBeNull("a login should set the session cookie");
        var session = await client.SessionAsync();
        session.GetProperty("isLogin").GetBoolean().ShouldBeTrue("after a login, GET /api/session should say isLogin: true");
        session.GetProperty("id").GetInt64().ShouldBe(Logins.Id);
        session.GetProperty("username").GetString().ShouldBe(Logins.Username);
        session.GetProperty("fullName").GetString().ShouldBe(Logins.FullName);
    }

    [Fact]
    [Task(1)]
    public async Task A_username_typed_in_another_case_logs_in_as_the_user_as_configured()
    {
        using var app = App();
        using var client = app.CreateClient();

        using var response = await client.LogInAsync(Logins.Username.ToUpperInvariant(), Logins.Password);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK, ThisTask.Says("Check the password against the user's hash."));
        var session = await client.SessionAsync();
        session.GetProperty("username").GetString().ShouldBe(Logins.Username,
            ThisTask.Says("usernames ignore case, and the session holds the username as configured (LoginUser.Username), not as typed."));
    }

    [Fact]
    [Task(1)]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_401_and_no_cookie()
    {
        using var app = App();
        using var client = app.CreateClient();

        using var wrongPassword = await client.LogInAsync(Logins.Username, "not her password");
        using var unknownUser = await client.LogInAsync("nobody", "not her password");

        await wrongPassword.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized, ThisTask.Says("Check the password against the user's hash."));
        await unknownUser.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized, ThisTask.Says("Check the password against the user's hash."));
        var (first, second) = (await wrongPassword.JsonAsync(HttpStatusCode.Unauthorized), await unknownUser.JsonAsync(HttpStatusCode.Unauthorized));
        Must.Hold(first.GetProperty("detail").GetString() == second.GetProperty("detail").GetString(),
            ThisTask.Says("A wrong password and an unknown username must get the same answer, or the answer tells an attacker which usernames exist."),
            $"{first.GetProperty("detail")} / {second.GetProperty("detail")}");
        wrongPassword.SetCookie(app.CookieName).ShouldBeNull("a failed login must set no cookie");
        unknownUser.SetCookie(app.CookieName).ShouldBeNull("a failed login must set no cookie");
    }

    [Fact]
    [Task(1)]
    public async Task An_unknown_user_costs_the_same_password_check_as_a_known_one()
    {
        using var app = App();
        var hasher = new CountingHasher();
        app.ServiceOverrides.Add(services => services.AddSingleton<IPasswordHasher<LoginUser>>(hasher));
        using var client = app.CreateClient();

        using (await client.LogInAsync(Logins.Username, "not her password"))
        {
        }

        var forKnownUser = hasher.Verified;
        using var unknown = await client.LogInAsync("nobody", "not her password");

        await unknown.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized, ThisTask.Says("Check the password against the user's hash."));
        forKnownUser.ShouldBe(1, ThisTask.Says("a login should check the password once with the app's IPasswordHasher."));
        Must.Hold(hasher.Verified - forKnownUser == 1,
            ThisTask.Says("A login for an unknown username must still check the password once (against a hash nobody knows): answering faster tells an attacker the username does not exist."),
            $"{hasher.Verified - forKnownUser} checks");
    }

    [Fact]
    [Task(1)]
    public async Task The_session_holds_who_the_user_is_never_her_password_or_its_hash()
    {
        using var app = App();
        using var client = app.CreateClient();

        using var response = await client.LogInAsync(Logins.Username, Logins.Password);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK, ThisTask.Says("Check the password against the user's hash."));
        var sealedJson = Seals.Open(Http.CookieValue(response.SetCookie(app.CookieName).ShouldNotBeNull()));
        using var session = JsonDocument.Parse(sealedJson);
        var user = session.RootElement.GetProperty("user");
        user.GetProperty("username").GetString().ShouldBe(Logins.Username);
        sealedJson.ShouldNotContain(Logins.Password, Case.Sensitive, "the seal must never hold the password");
        sealedJson.ShouldNotContain(app.Settings[$"Login:Users:{Logins.Username}:PasswordHash"]!, Case.Sensitive, "the seal must never hold the password's hash");
        user.TryGetProperty("passwordHash", out _).ShouldBeFalse("the session's user has no passwordHash field");
    }

    [Fact]
    [Task(1)]
    public async Task Development_has_the_documented_demo_user()
    {
        using var app = new SessionAppFactory { EnvironmentName = "Development" };
        using var client = app.CreateClient();

        using var response = await client.LogInAsync(Logins.DemoUsername, Logins.DemoPassword);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK, ThisTask.Says("Development's demo user is tvy / workshop-demo-password (appsettings.Development.json)."));
        (await client.SessionAsync()).GetProperty("fullName").GetString().ShouldBe("tvydev");
    }

    [Fact]
    [Task(1)]
    public async Task A_login_replaces_a_session_planted_before_it()
    {
        using var app = App();
        var planted = Seals.Seal("""{"user":{"id":666,"username":"mallory","fullName":"Mallory"}}""");
        using var client = app.ClientWithSession(planted);

        using var response = await client.LogInAsync(Logins.Username, Logins.Password);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK, ThisTask.Says("Check the password against the user's hash."));
        var sealedJson = Seals.Open(Http.CookieValue(response.SetCookie(app.CookieName).ShouldNotBeNull("a login must set a new session cookie, whatever cookie came with it")));
        sealedJson.ShouldNotContain("mallory", Case.Sensitive, "a login must begin a new session, never keep the one the browser brought");
        sealedJson.ShouldContain($"\"username\":\"{Logins.Username}\"");
    }

    [Fact]
    [Task(2)]
    public async Task After_five_failures_the_username_gets_429_with_Retry_After_even_with_the_right_password()
    {
        using var app = App();
        using var client = app.CreateClient();
        for (var i = 1; i <= 5; i++)
        {
            using var failure = await client.LogInAsync(Logins.Username, $"guess {i}");
            await failure.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized, ThisTask.Says($"failure {i} of 5 should still be a 401."));
        }

        using var sixth = await client.LogInAsync(Logins.Username, Logins.Password);

        await sixth.ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests, ThisTask.Says("After 5 failed logins for one username within a minute, the next try must wait."));
        var retryAfter = sixth.Headers.RetryAfter.ShouldNotBeNull(ThisTask.Says("a 429 should say when to try again, in a Retry-After header."));
        retryAfter.Delta.ShouldNotBeNull().TotalSeconds.ShouldBeInRange(1, 60);
        (await sixth.JsonAsync(HttpStatusCode.TooManyRequests)).GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
        sixth.SetCookie(app.CookieName).ShouldBeNull("a refused login must set no cookie");
    }

    [Fact]
    [Task(2)]
    public async Task When_the_window_has_passed_the_username_may_log_in_again()
    {
        using var app = App();
        using var client = app.CreateClient();
        for (var i = 1; i <= 5; i++)
        {
            using (await client.LogInAsync(Logins.Username, $"guess {i}"))
            {
            }
        }

        using (var locked = await client.LogInAsync(Logins.Username, Logins.Password))
        {
            await locked.ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests, ThisTask.Says("Count failed logins per username."));
        }

        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        using var later = await client.LogInAsync(Logins.Username, Logins.Password);

        await later.ShouldHaveStatusAsync(HttpStatusCode.OK, ThisTask.Says("Once the one-minute window has passed, the username may log in again."));
    }

    [Fact]
    [Task(2)]
    public async Task Successes_are_not_counted_and_one_locked_username_leaves_others_alone()
    {
        using var app = App();
        using var client = app.CreateClient();
        for (var i = 0; i < 6; i++)
        {
            using var success = await client.LogInAsync(Logins.Username, Logins.Password);
            await success.ShouldHaveStatusAsync(HttpStatusCode.OK, ThisTask.Says("successful logins are never counted or slowed."));
        }

        for (var i = 1; i <= 5; i++)
        {
            using (await client.LogInAsync(Logins.OtherUsername, $"guess {i}"))
            {
            }
        }

        using var grace = await client.LogInAsync(Logins.OtherUsername, Logins.OtherPassword);
        using var ada = await client.LogInAsync(Logins.Username, Logins.Password);

        await grace.ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests, ThisTask.Says("5 failures lock that username out for the window."));
        await ada.ShouldHaveStatusAsync(HttpStatusCode.OK, ThisTask.Says("another username's failures must not lock this one out."));
    }

    [Fact]
    [Task(2)]
    public async Task The_limit_and_the_window_are_the_Login_settings()
    {
        using var app = App();
        app.Settings["Login:FailureLimit"] = "2";
        app.Settings["Login:FailureWindow"] = "00:00:10";
        using var client = app.CreateClient();
        for (var i = 1; i <= 2; i++)
        {
            using (await client.LogInAsync(Logins.Username, $"guess {i}"))
            {
            }
        }

        using var third = await client.LogInAsync(Logins.Username, Logins.Password);

        await third.ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests, ThisTask.Says("Login:FailureLimit is 2 here."));
        third.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldNotBeNull().TotalSeconds.ShouldBeInRange(1, 10, "Login:FailureWindow is 10 s here");
    }

    [Fact]
    [Task(2)]
    public async Task Sixty_guesses_at_once_get_no_more_password_checks_than_the_limit()
    {
        using var app = App();
        var hasher = new CountingHasher();
        app.ServiceOverrides.Add(services => services.AddSingleton<IPasswordHasher<LoginUser>>(hasher));
        using var warm = app.CreateClient();

        // Sixty browsers at once, each with one guess for the same username; the right password is among them.
        var statuses = await Task.WhenAll(Enumerable.Range(1, 60).Select(async i =>
        {
            using var client = app.CreateClient();
            using var response = await client.LogInAsync(Logins.Username, i == 13 ? Logins.Password : $"guess {i}");
            return response.StatusCode;
        }));

        // Five failures, and the right password when it is among the attempts let through (a success gives its place back).
        Must.Hold(hasher.Verified <= 6,
            ThisTask.Says("Sixty parallel logins for one username got more password checks than Login:FailureLimit (5) allows: each attempt must take its place before the password is checked, in one step with the check of the limit, or parallel attempts all pass the check together."),
            $"{hasher.Verified} password checks; answers: {string.Join(", ", statuses.GroupBy(x => (int)x).Select(g => $"{g.Count()} x {g.Key}"))}");
        statuses.Count(x => x == HttpStatusCode.TooManyRequests).ShouldBeGreaterThanOrEqualTo(55);
    }

    private static async Task<HttpClient> BrowserTheUserLoggedInFromAsync(SessionAppFactory app)
    {
        var browser = app.CreateClient();
        using var login = await browser.LogInAsync(Logins.Username, Logins.Password);
        await login.ShouldHaveStatusAsync(HttpStatusCode.OK);
        login.SetCookie(app.Services.GetRequiredService<DeviceCookies>().CookieName).ShouldNotBeNull("a successful login should give the browser a device cookie");
        using var logout = await browser.DestroyAsync();
        return browser;
    }

    private static async Task LockOutAsync(HttpClient attacker)
    {
        for (var i = 1; i <= 6; i++)
        {
            using (await attacker.LogInAsync(Logins.Username, $"guess {i}"))
            {
            }
        }
    }

    [Fact]
    [Task(4)]
    public async Task An_attacker_who_locks_out_the_username_does_not_lock_out_a_browser_the_user_logged_in_from()
    {
        using var app = App();
        using var usersLaptop = await BrowserTheUserLoggedInFromAsync(app);
        using var attacker = app.CreateClient();
        await LockOutAsync(attacker);
        using (var locked = await attacker.LogInAsync(Logins.Username, Logins.Password))
        {
            await locked.ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests, "without a device cookie, the username is locked after 5 failures (task 2)");
        }

        using var login = await usersLaptop.LogInAsync(Logins.Username, Logins.Password);

        await login.ShouldHaveStatusAsync(HttpStatusCode.OK, ThisTask.Says(
            "An attacker's 5 wrong passwords locked the user out of a browser she had logged in from: an attempt that brings a device cookie for its username must count against that cookie, not the username."));
    }

    [Fact]
    [Task(4)]
    public async Task Failures_from_a_browser_with_a_device_cookie_lock_that_browser_not_the_username()
    {
        using var app = App();
        using var sharedComputer = await BrowserTheUserLoggedInFromAsync(app);
        for (var i = 1; i <= 5; i++)
        {
            using (await sharedComputer.LogInAsync(Logins.Username, $"guess {i}"))
            {
            }
        }

        using var sixth = await sharedComputer.LogInAsync(Logins.Username, Logins.Password);
        using var elsewhere = await app.CreateClient().LogInAsync(Logins.Username, Logins.Password);

        await sixth.ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests, "5 failures from one device lock that device for the window");
        await elsewhere.ShouldHaveStatusAsync(HttpStatusCode.OK, ThisTask.Says(
            "Failures that came with a device cookie locked the username for everyone: they count against the device's nonce only."));
    }

    [Fact]
    [Task(1)]
    public async Task The_device_cookie_is_sealed_HttpOnly_SameSite_Strict_for_30_days_and_outlives_a_logout()
    {
        using var app = App();
        using var browser = app.CreateClient();
        var devices = app.Services.GetRequiredService<DeviceCookies>();

        using var login = await browser.LogInAsync(Logins.Username, Logins.Password);
        using var logout = await browser.DestroyAsync();

        devices.CookieName.ShouldBe("__Host-workshop_device", "Secure outside Development, so the __Host- prefix");
        var cookie = login.SetCookie(devices.CookieName).ShouldNotBeNull();
        cookie.ShouldHaveAttribute("; httponly", "no script may read the device cookie");
        cookie.ShouldHaveAttribute("; samesite=strict", "no other site's request carries it");
        cookie.ShouldHaveAttribute("; max-age=2591940", "30 days, less the clock skew");
        Seals.Open(Http.CookieValue(cookie)).ShouldNotContain(Logins.Password);
        logout.SetCookie(devices.CookieName).ShouldBeNull("a logout leaves the device cookie: it proves a past login, nothing more");
    }

    [Fact]
    [Task(3)]
    public async Task The_store_route_exists_only_where_mock_login_is_allowed()
    {
        foreach (var (environment, allow, expected) in new (string, string?, HttpStatusCode)[]
                 {
                     ("Production", null, HttpStatusCode.NotFound),
                     ("Production", "false", HttpStatusCode.NotFound),
                     ("Production", "true", HttpStatusCode.OK),
                     ("Development", null, HttpStatusCode.OK),
                 })
        {
            using var app = new SessionAppFactory { EnvironmentName = environment };
            if (allow is null)
            {
                app.Settings.Remove("Session:AllowMockLogin");
            }
            else
            {
                app.Settings["Session:AllowMockLogin"] = allow;
            }

            using var client = app.CreateClient();

            using var response = await client.StoreAsync(Http.MockUser);

            await response.ShouldHaveStatusAsync(expected,
                ThisTask.Says($"In {environment} with Session:AllowMockLogin {allow ?? "unset"}, POST /api/session/store (it seals any user the browser names) should answer {(int)expected}."));
            if (expected == HttpStatusCode.NotFound)
            {
                response.SetCookie(app.CookieName).ShouldBeNull();
            }
        }
    }
}
