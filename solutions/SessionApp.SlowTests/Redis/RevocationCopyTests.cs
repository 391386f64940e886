using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using SessionApp.Revocation;
using SessionApp.Tests.Infrastructure;
using Shouldly;
using StackExchange.Redis;

namespace SessionApp.Tests.Slow.Redis;

/// <summary>
/// Each instance answers "is this session still allowed?" from its own copy of the revocation list, kept current
/// through Redis pub/sub. The copy is trusted only while it is known to be current: after its subscription drops it
/// fails closed until it has loaded the list again; when it is full, Redis answers about what it does not hold.
/// </summary>
public sealed class RevocationCopyTests
{

    private static async Task<string> StoreAsync(SessionAppFactory app, HttpClient client)
    {
        using var response = await client.StoreAsync(Http.MockUser);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return Http.CookieValue(response.SetCookie(app.CookieName).ShouldNotBeNull("the store route should set the session cookie"));
    }

    private static string SessionId(string cookie) =>
        JsonDocument.Parse(Seals.Open(cookie)).RootElement.GetProperty("sid").GetString().ShouldNotBeNull();

    /// <summary>A connection of the test's own, allowed to pause Redis and drop clients.</summary>
    private static Task<ConnectionMultiplexer> AdminAsync(RedisServer redis) =>
        ConnectionMultiplexer.ConnectAsync($"{redis.Configuration},allowAdmin=true");

    [Fact]
    public async Task An_instance_whose_subscription_drops_fails_closed_until_it_has_loaded_the_list_again()
    {
        await using var redis = await RedisServer.StartAsync();
        using var app = RedisAppFactory.Instance(redis);
        using var first = app.CreateClient();
        using var second = app.CreateClient();
        var valid = await StoreAsync(app, first);
        var missed = await StoreAsync(app, second);
        using var validBrowser = app.ClientWithSession(valid);
        using var missedBrowser = app.ClientWithSession(missed);
        await using var admin = await AdminAsync(redis);

        // A revocation the instance never hears of: written to Redis as a logout writes it, but not published, as
        // when a message is lost while the subscription is down.
        // (The cache disposes the connection it is given, so it gets one of its own.)
        using (var cache = new RedisCache(Options.Create(new RedisCacheOptions
        {
            Configuration = redis.Configuration,
            InstanceName = RedisRevocations.KeyPrefix,
        })))
        {
            await cache.SetAsync(Revocations.RevokedKey(SessionId(missed)), Revocations.Present,
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) }, TestContext.Current.CancellationToken);
        }

        (await missedBrowser.IsLoggedInAsync()).ShouldBeTrue("the premise: reads are answered from the copy, which has not heard of the unpublished revocation");

        // Hold every write (a PUBLISH too) for two seconds, then drop the subscription: the instance cannot prove its
        // subscription live again (its marker is held) until the pause ends.
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        await server.ExecuteAsync("CLIENT", "PAUSE", "2000", "WRITE");
        await server.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        var dropped = Stopwatch.StartNew();

        var failedClosed = false;
        while (dropped.Elapsed < TimeSpan.FromSeconds(1.5) && !failedClosed)
        {
            failedClosed = !await validBrowser.IsLoggedInAsync();
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Must.Hold(failedClosed, "After its subscription dropped, the instance must stop trusting its copy (messages may have been missed): a valid session answers {\"isLogin\":false} until the copy is loaded again.");

        var recovered = false;
        while (dropped.Elapsed < TimeSpan.FromSeconds(15) && !recovered)
        {
            recovered = await validBrowser.IsLoggedInAsync();
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Must.Hold(recovered, "Within seconds of Redis answering again, the instance should load its copy again and trust it: a valid session works.");
        Must.Hold(!await missedBrowser.IsLoggedInAsync(),
            "After the subscription came back, the instance must have loaded the list from Redis, not trusted its old copy: the revocation it never heard of must count.");
    }

    [Fact]
    public async Task A_full_copy_asks_Redis_about_what_it_does_not_hold_and_never_refuses_a_logout()
    {
        await using var redis = await RedisServer.StartAsync();
        using var a = RedisAppFactory.Instance(redis);
        using var b = RedisAppFactory.Instance(redis);

        // The smallest copy the settings allow (64 KiB) holds about 300 revocations; make twice as many.
        a.Settings["Session:RevocationMemoryBytes"] = b.Settings["Session:RevocationMemoryBytes"] = "65536";
        var copies = new List<string>();
        for (var i = 0; i < 600; i++)
        {
            using var browser = a.CreateClient();
            copies.Add(await StoreAsync(a, browser));
            using var logout = await browser.DestroyAsync();
            Must.Hold(logout.StatusCode == HttpStatusCode.OK, "With Redis up, a logout must be recorded (200) even when the copy in memory is full: Redis keeps the list.", $"logout {i + 1}: {(int)logout.StatusCode}");
        }

        foreach (var (app, name) in new[] { (a, "A"), (b, "B") })
        {
            var accepted = 0;
            foreach (var cookie in copies)
            {
                using var thief = app.ClientWithSession(cookie);
                accepted += await thief.IsLoggedInAsync() ? 1 : 0;
            }

            Must.Hold(accepted == 0, $"Every logged-out cookie must be refused on {name}, also those its full copy does not hold (Redis answers about those).", $"{accepted} of {copies.Count} accepted");
        }

        using var fresh = b.CreateClient();
        await StoreAsync(b, fresh);
        (await fresh.IsLoggedInAsync()).ShouldBeTrue("a session never logged out still works on an instance whose copy is full");
    }
}
