using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SessionApp.Session;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Security;

/// <summary>
/// Seals that only a holder of the password can make (another app with the same password, a Next.js app on
/// iron-session, say): whatever they hold, the answer is a session or no session, never a 500, and nothing in them
/// outlives the app's own rules.
/// </summary>
public sealed class PasswordHolderSealTests
{
    private static string Cookie(SessionAppFactory app, byte[] json) =>
        $"{app.CookieName}={Uri.EscapeDataString(Seals.Sealer(time: app.Clock).Seal(json, TimeSpan.FromDays(14)))}";

    private static string Cookie(SessionAppFactory app, string json) => Cookie(app, Encoding.UTF8.GetBytes(json));

    private static string Json(string fields) => $$"""{"user":{{Seals.MockUserJson}}{{fields}}}""";

    private static async Task<(HttpStatusCode Status, string Body, string? SetCookie)> ReadAsync(SessionAppFactory app, string cookie)
    {
        using var client = app.ClientWithCookie(cookie);
        using var response = await client.ReadAsync();
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), response.SetCookie(app.CookieName));
    }

    [Fact]
    public async Task A_session_id_that_is_not_valid_UTF8_is_no_session_not_a_500()
    {
        using var app = new SessionAppFactory();
        byte[] json = [.. Encoding.UTF8.GetBytes(Json(",\"sid\":\"")[..^1]), 0xFF, 0xFE, .. "\"}"u8];

        var (status, body, _) = await ReadAsync(app, Cookie(app, json));

        status.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldBe("""{"isLogin":false}""");
    }

    [Fact]
    public async Task A_seal_that_expires_after_year_9999_is_sealed_again_within_the_apps_lifetime_and_never_fails()
    {
        using var app = new SessionAppFactory();
        var now = app.Clock.GetUtcNow();
        var issued = now.AddMinutes(-5).ToUnixTimeSeconds();
        // The last expiry a DateTimeOffset holds: the sealing library reads any later one (iron-session may write it) as this.
        var farSeal = Seals.Sealer(time: app.Clock).Seal(Encoding.UTF8.GetBytes(Json($",\"iat\":{issued},\"seen\":{issued}")), DateTimeOffset.MaxValue);
        var cookie = $"{app.CookieName}={Uri.EscapeDataString(farSeal)}";

        for (var i = 0; i < 2; i++)
        {
            var (status, body, setCookie) = await ReadAsync(app, cookie);
            status.ShouldBe(HttpStatusCode.OK, $"read {i + 1}: {body}");
            body.ShouldContain("\"isLogin\":true");
            var resealed = Seals.Sealer(time: app.Clock).Unseal(Http.CookieValue(setCookie.ShouldNotBeNull("a session last seen 5 minutes ago is sealed again")));
            resealed.ExpiresAt.ShouldNotBeNull().ShouldBe(now + TimeSpan.FromDays(14), TimeSpan.FromMilliseconds(1), "sealed again, a session never gets a later expiry than one begun now");
        }
    }

    [Fact]
    public async Task A_session_sealed_again_keeps_its_expiry_to_the_millisecond_however_long_the_request_takes()
    {
        using var app = new SessionAppFactory();
        using var client = app.CreateClient();
        using var stored = await client.StoreAsync(Http.MockUser);
        var first = Http.CookieValue(stored.SetCookie(app.CookieName).ShouldNotBeNull());
        var expiresAt = Seals.Sealer(time: app.Clock).Unseal(first).ExpiresAt.ShouldNotBeNull();

        // Every look at the clock now moves it on, as handling a request takes time.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        app.Clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(7);
        var (status, body, setCookie) = await ReadAsync(app, $"{app.CookieName}={Uri.EscapeDataString(first)}");

        status.ShouldBe(HttpStatusCode.OK, body);
        var again = Seals.Sealer(time: app.Clock).Unseal(Http.CookieValue(setCookie.ShouldNotBeNull("a session seen 2 minutes ago is sealed again")));
        again.ExpiresAt.ShouldBe(expiresAt, "sealing again must keep the absolute expiry, not add what is left of it to a later 'now'");
    }

    [Theory]
    [InlineData("iat")]
    [InlineData("seen")]
    public async Task A_session_that_began_or_was_seen_in_the_future_is_no_session(string field)
    {
        using var app = new SessionAppFactory();
        using var rejected = new MetricCollector<long>(app.Services.GetRequiredService<IMeterFactory>(), SessionMetrics.MeterName, SessionMetrics.CookieRejectedName);
        var now = app.Clock.GetUtcNow().ToUnixTimeSeconds();
        var fields = field == "iat" ? $",\"iat\":{now + 3600},\"seen\":{now}" : $",\"iat\":{now},\"seen\":{now + 3600}";

        var (status, body, _) = await ReadAsync(app, Cookie(app, Json(fields)));

        status.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldBe("""{"isLogin":false}""", $"a session whose \"{field}\" is an hour ahead would outlive its idle timeout");
        rejected.GetMeasurementSnapshot().Select(m => m.Tags[SessionMetrics.ReasonTag]).ShouldBe([SessionMetrics.Reasons.FromTheFuture]);
    }

    [Fact]
    public async Task A_session_seen_within_the_clock_skew_ahead_is_still_a_session()
    {
        using var app = new SessionAppFactory();
        var now = app.Clock.GetUtcNow().ToUnixTimeSeconds();

        var (_, body, _) = await ReadAsync(app, Cookie(app, Json($",\"iat\":{now + 30},\"seen\":{now + 30}")));

        body.ShouldContain("\"isLogin\":true", customMessage: "another server's clock 30 s ahead is within the skew every seal allows");
    }
}
