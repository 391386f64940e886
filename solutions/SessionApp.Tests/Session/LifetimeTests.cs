using System.Net;
using System.Text.Json;
using SessionApp.Session;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Session;

/// <summary>
/// The finished app's session lifetime (not a workshop task): an idle timeout (Session:IdleTimeout) beside the absolute
/// lifetime (Session:TimeToLive, from login, never extended); a session in use is sealed again at most once a minute,
/// keeping its id and login time.
/// </summary>
public sealed class LifetimeTests
{
    private static SessionAppFactory App() => new SessionAppFactory().WithUsers();

    private static async Task<HttpClient> LoggedInAsync(SessionAppFactory app)
    {
        var client = app.CreateClient();
        using var response = await client.LogInAsync();
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return client;
    }

    private static JsonElement Sealed(HttpResponseMessage response, SessionAppFactory app) =>
        JsonDocument.Parse(Seals.Open(Http.CookieValue(response.SetCookie(app.CookieName).ShouldNotBeNull("the read should seal the session again")))).RootElement.Clone();

    [Fact]
    public async Task A_session_unused_for_longer_than_the_idle_timeout_ends()
    {
        using var app = App();
        using var client = await LoggedInAsync(app);

        app.Clock.Advance(SessionApp.Revocation.RevocationOptions.DefaultIdleTimeout + TimeSpan.FromSeconds(1));

        (await client.IsLoggedInAsync()).ShouldBeFalse("30 minutes without a request end the session");
        app.LoggedMessages.ShouldContain(m => m.Contains("not used for over", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_session_in_use_outlives_the_idle_timeout_but_not_its_lifetime_from_login()
    {
        using var app = App();
        app.Settings["Session:TimeToLive"] = "02:00:00";
        using var client = await LoggedInAsync(app);

        // A request every 20 minutes keeps it alive past 30 minutes of age...
        for (var minutes = 20; minutes < 120; minutes += 20)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(20));
            (await client.IsLoggedInAsync()).ShouldBeTrue($"a session used every 20 minutes is alive at {minutes} minutes");
        }

        // ...but never past two hours from the login, however busy.
        app.Clock.Advance(TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(61));
        (await client.IsLoggedInAsync()).ShouldBeFalse("Session:TimeToLive counts from the login and is never extended");
    }

    [Fact]
    public async Task A_session_is_sealed_again_at_most_once_a_minute_with_its_id_and_login_time()
    {
        using var app = App();
        using var client = await LoggedInAsync(app);

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        using (var early = await client.ReadAsync())
        {
            early.SetCookie(app.CookieName).ShouldBeNull("a session sealed under a minute ago is not sealed again");
        }

        app.Clock.Advance(TimeSpan.FromSeconds(31));
        using var later = await client.ReadAsync();
        var session = Sealed(later, app);

        session.GetProperty("seen").GetInt64().ShouldBe(app.Clock.GetUtcNow().ToUnixTimeSeconds());
        (session.GetProperty("seen").GetInt64() - session.GetProperty("iat").GetInt64()).ShouldBe(61, "the login time stays");
        var maxAge = System.Text.RegularExpressions.Regex.Match(later.SetCookie(app.CookieName).ShouldNotBeNull(), "max-age=(\\d+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        maxAge.Success.ShouldBeTrue("the cookie sealed again should carry a Max-Age");
        var left = (app.SessionOptions.TimeToLive - TimeSpan.FromSeconds(61) - TimeSpan.FromSeconds(60)).TotalSeconds;
        double.Parse(maxAge.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(left - 1, left,
            "the cookie lives only as long as the session has left (its lifetime counts from the login)");
    }

    [Fact]
    public async Task Idle_timeout_zero_turns_it_off()
    {
        using var app = App();
        app.Settings["Session:IdleTimeout"] = "00:00:00";
        using var client = await LoggedInAsync(app);

        app.Clock.Advance(TimeSpan.FromHours(5));
        using var response = await client.ReadAsync();

        (await response.JsonAsync()).GetProperty("isLogin").GetBoolean().ShouldBeTrue();
        response.SetCookie(app.CookieName).ShouldBeNull("with no idle timeout there is nothing to record");
    }

    [Theory]
    [InlineData("00:01:00")]
    [InlineData("-00:05:00")]
    public void An_idle_timeout_under_2_minutes_refuses_to_start(string idle)
    {
        using var app = new SessionAppFactory();
        app.Settings["Session:IdleTimeout"] = idle;

        var error = Startup.Error(app);

        error.ShouldNotBeNull($"the app started with Session:IdleTimeout {idle}");
        error.ShouldContain("Session:IdleTimeout");
    }
}
