using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Session;

/// <summary>
/// "Log out everywhere" in the finished app, over weeks: the user's version outlives every session sealed with it,
/// so a second "log out everywhere" long after the first still ends every session.
/// </summary>
public sealed class LogOutEverywhereTests
{
    /// <summary>An IDistributedCache whose entries expire by the test's clock, as Redis's would by its own.</summary>
    private sealed class ClockedCache(FakeTimeProvider clock) : IDistributedCache
    {
        private readonly ConcurrentDictionary<string, (byte[] Value, DateTimeOffset? Until)> _entries = new();

        public byte[]? Get(string key) =>
            _entries.TryGetValue(key, out var entry) && (entry.Until is null || entry.Until > clock.GetUtcNow()) ? entry.Value : null;

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Task.FromResult(Get(key));

        public void Refresh(string key)
        {
        }

        public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

        public void Remove(string key) => _entries.TryRemove(key, out _);

        public Task RemoveAsync(string key, CancellationToken token = default)
        {
            Remove(key);
            return Task.CompletedTask;
        }

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) =>
            _entries[key] = (value, options.AbsoluteExpiration ?? (clock.GetUtcNow() + options.AbsoluteExpirationRelativeToNow));

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            Set(key, value, options);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_second_log_out_everywhere_weeks_after_the_first_still_ends_every_session()
    {
        using var app = new SessionAppFactory().WithUsers();
        app.Settings["Session:IdleTimeout"] = "00:00:00"; // the sessions below sit unused for days
        app.ServiceOverrides.Add(services => services.AddSingleton<IDistributedCache>(new ClockedCache(app.Clock)));
        using var first = app.CreateClient();
        (await first.LogInAsync()).Dispose();
        using (var everywhere = await first.DestroyAllAsync())
        {
            await everywhere.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        // A day later, a new session (sealed with the raised version); then the first raise would have expired.
        app.Clock.Advance(TimeSpan.FromDays(1));
        using var laptop = app.CreateClient();
        using var login = await laptop.LogInAsync();
        await login.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var copy = Http.CookieValue(login.SetCookie(app.CookieName).ShouldNotBeNull());
        app.Clock.Advance(app.SessionOptions.TimeToLive - TimeSpan.FromDays(1) + TimeSpan.FromMinutes(2));
        using var thief = app.ClientWithCookie($"{app.CookieName}={Uri.EscapeDataString(copy)}");
        (await thief.IsLoggedInAsync()).ShouldBeTrue("the laptop's session still has a day to live");

        using (var again = await laptop.DestroyAllAsync())
        {
            await again.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        (await thief.IsLoggedInAsync()).ShouldBeFalse(
            "the second \"log out everywhere\" must end the laptop's session too: the version it was sealed with must not have expired before the session did");
    }
}
