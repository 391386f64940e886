using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using SessionApp.Session;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Session;

/// <summary>
/// The app's verified-seal cache and the session metrics (not a workshop step: the app's own operations work).
/// The cache is bounded in bytes by Session:SealCacheBytes, reports its size as a metric, never changes an answer,
/// and every refused cookie is counted by reason and logged at Debug only.
/// </summary>
public sealed class SealCacheTests
{
    private const string LoggedOut = """{"isLogin":false}""";

    private static MetricCollector<long> Collect(SessionAppFactory factory, string instrument) =>
        new(factory.Services.GetRequiredService<IMeterFactory>(), SessionMetrics.MeterName, instrument);

    private static async Task<string> ReadAsync(HttpClient client) => (await (await client.ReadAsync()).JsonAsync()).GetRawText();

    private static JsonObject LongUser(int id, int nameLength) => new()
    {
        ["id"] = id,
        ["username"] = $"user{id}-" + new string('u', nameLength),
        ["fullName"] = $"Full Name {id} " + new string('f', nameLength),
    };

    [Fact]
    public async Task Reads_work_the_same_with_the_opened_seal_cache_off()
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:SealCacheBytes"] = "0";
        using var client = factory.CreateClient();
        (await client.StoreAsync(Http.MockUser)).Dispose();

        var first = await (await client.ReadAsync()).JsonAsync();
        var second = await (await client.ReadAsync()).JsonAsync();

        (first.GetRawText(), second.GetRawText()).ShouldBe((
            """{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":"some_url.com","isLogin":true}""",
            """{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":"some_url.com","isLogin":true}"""));
    }

    [Fact]
    public void The_default_limit_is_4_MiB()
    {
        using var factory = new SessionAppFactory();

        factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SealCacheOptions>>().Value.SealCacheBytes.ShouldBe(4 * 1024 * 1024);
    }

    [Fact]
    public void A_negative_seal_cache_size_refuses_to_start()
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:SealCacheBytes"] = "-1";

        var error = Startup.Error(factory);

        error.ShouldNotBeNull("the app started with a seal cache of -1 bytes");
        error.ShouldContain("Session:SealCacheBytes");
    }

    [Fact]
    public async Task Many_logins_with_long_names_keep_the_cache_within_its_byte_limit()
    {
        const long limit = 64 * 1024;
        using var factory = new SessionAppFactory();
        factory.Settings["Session:SealCacheBytes"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var size = Collect(factory, SealCacheSetup.SealCacheSizeName);
        using var client = factory.CreateClient();
        var sizes = new List<long>();

        // Each session is about 10 KB in memory (a 3,000-character seal, two 1,000-character names): 40 of them are
        // six times the limit.
        for (var id = 1; id <= 40; id++)
        {
            using var stored = await client.StoreAsync(LongUser(id, 1000));
            await stored.ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
            var seal = Http.CookieValue(stored.SetCookie(factory.CookieName)!);
            (await ReadAsync(client)).ShouldContain($"\"id\":{id},");

            size.RecordObservableInstruments();
            var now = size.LastMeasurement!.Value;
            sizes.Add(now);
            if (id == 1)
            {
                // An honest estimate: at least the seal and the two names, at 2 bytes a character.
                now.ShouldBeGreaterThanOrEqualTo(2L * (seal.Length + 2000), "the first session's size does not count its seal and names");
            }
        }

        sizes.ShouldAllBe(s => s <= limit, $"the cache reported more than its {limit}-byte limit: {string.Join(", ", sizes)}");
        // Full, it makes room by evicting a few seals, not by emptying itself: once past half the limit it stays there.
        var full = sizes.FindIndex(s => s > limit / 2);
        full.ShouldBeGreaterThanOrEqualTo(0, $"the cache never filled: {string.Join(", ", sizes)}");
        sizes.Skip(full).ShouldAllBe(s => s > limit / 2, $"the cache emptied itself when full: {string.Join(", ", sizes)}");
    }

    [Fact]
    public async Task With_the_cache_off_reads_work_and_nothing_is_kept()
    {
        using var factory = new SessionAppFactory();
        factory.Settings["Session:SealCacheBytes"] = "0";
        using var size = Collect(factory, SealCacheSetup.SealCacheSizeName);
        using var client = factory.CreateClient();
        (await client.StoreAsync(Http.MockUser)).Dispose();

        var first = await ReadAsync(client);
        var second = await ReadAsync(client);
        size.RecordObservableInstruments();

        (first, second).ShouldBe((
            """{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":"some_url.com","isLogin":true}""",
            """{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":"some_url.com","isLogin":true}"""));
        size.LastMeasurement!.Value.ShouldBe(0, "the cache kept seals with Session:SealCacheBytes=0");
    }

    [Fact]
    public async Task An_expired_seal_is_refused_even_when_the_cache_holds_it()
    {
        using var factory = new SessionAppFactory();
        using var rejected = Collect(factory, SessionMetrics.CookieRejectedName);
        using var client = factory.CreateClient();
        (await client.StoreAsync(Http.MockUser)).Dispose();
        (await ReadAsync(client)).ShouldContain("\"isLogin\":true");

        // Past the seal's expiry and the 60 s of skew on the app's clock; the cache's own clock has not moved.
        factory.Clock.Advance(factory.SessionOptions.TimeToLive + TimeSpan.FromSeconds(61));

        (await ReadAsync(client)).ShouldBe(LoggedOut);
        rejected.GetMeasurementSnapshot().Select(m => m.Tags[SessionMetrics.ReasonTag]).ShouldBe(["expired"]);
    }

    [Fact]
    public async Task A_refused_cookie_is_counted_by_reason_and_logged_at_Debug()
    {
        using var factory = new SessionAppFactory();
        using var rejected = Collect(factory, SessionMetrics.CookieRejectedName);
        var valid = Seals.Seal(Seals.MockSessionJson);
        var cookies = new[]
        {
            valid[..^3] + (valid[^3] == 'A' ? 'B' : 'A') + "~2",                  // the MAC's last character changed
            Seals.Seal("""{"user":{"id":"23","username":"tvy","fullName":"tvydev"}}"""), // a user whose id is text
            Seals.Seal("{}"),                                                     // a session without a user
            "Fe26.2*1*abc",                                                       // no ~2 suffix
        };

        foreach (var cookie in cookies)
        {
            using var client = factory.ClientWithCookie($"{factory.CookieName}={cookie}");
            (await ReadAsync(client)).ShouldBe(LoggedOut);
        }

        var counted = rejected.GetMeasurementSnapshot();
        counted.Select(m => (m.Value, m.Tags[SessionMetrics.ReasonTag])).ShouldBe(
            [(1L, "mac-mismatch"), (1L, "not-a-user"), (1L, "no-user"), (1L, "unknown-version")]);
        var logged = factory.Logs.GetSnapshot().Where(r => r.Message.Contains("treated as no session", StringComparison.Ordinal)).ToList();
        logged.Count.ShouldBe(cookies.Length);
        logged.ShouldAllBe(r => r.Level == LogLevel.Debug, "a refused cookie must not write a log line above Debug: a flood of bad cookies would flood the log");
    }
}
