using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Session;

/// <summary>
/// "Log out everywhere" in the finished app: the time it was asked for outlives every session begun before it, so a
/// second one long after the first still ends every session; and a login at the same moment cannot undo it.
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

    /// <summary>A memory cache whose next read is held, once read, until the test lets it go: a login caught between its read and its write.</summary>
    private sealed class PausingCache : IDistributedCache
    {
        private readonly MemoryDistributedCache _inner = new(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions()));
        private TaskCompletionSource? _paused;

        public TaskCompletionSource Reached { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource PauseNextRead()
        {
            Reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public byte[]? Get(string key) => _inner.Get(key);

        public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
        {
            var value = await _inner.GetAsync(key, token);
            if (Interlocked.Exchange(ref _paused, null) is { } pause)
            {
                // Read, then held: the caller goes on with what it read, after others have written.
                Reached.SetResult();
                await pause.Task;
            }

            return value;
        }

        public void Refresh(string key) => _inner.Refresh(key);

        public Task RefreshAsync(string key, CancellationToken token = default) => _inner.RefreshAsync(key, token);

        public void Remove(string key) => _inner.Remove(key);

        public Task RemoveAsync(string key, CancellationToken token = default) => _inner.RemoveAsync(key, token);

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => _inner.Set(key, value, options);

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
            _inner.SetAsync(key, value, options, token);
    }

    [Fact]
    public async Task A_login_at_the_same_moment_cannot_undo_a_log_out_everywhere()
    {
        var cache = new PausingCache();
        using var app = new SessionAppFactory().WithUsers();
        app.ServiceOverrides.Add(services => services.AddSingleton<IDistributedCache>(cache));
        using (var first = app.CreateClient())
        {
            (await first.LogInAsync()).Dispose();
            (await first.DestroyAllAsync()).Dispose(); // the user has logged out everywhere once already
        }

        app.Clock.Advance(TimeSpan.FromSeconds(5));
        using var laptop = app.CreateClient();
        string copy;
        using (var login = await laptop.LogInAsync())
        {
            copy = Http.CookieValue(login.SetCookie(app.CookieName).ShouldNotBeNull());
        }

        // The phone's login reads the list, and waits there while the laptop logs out everywhere.
        var release = cache.PauseNextRead();
        using var phone = app.CreateClient();
        var phoneLogin = phone.LogInAsync();
        await cache.Reached.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        using (var everywhere = await laptop.DestroyAllAsync())
        {
            await everywhere.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        release.SetResult();
        using (var done = await phoneLogin)
        {
            await done.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var thief = app.ClientWithSession(copy);
        (await thief.IsLoggedInAsync()).ShouldBeFalse(
            "a login that ran alongside \"log out everywhere\" brought the laptop's session back: a login must never write what ends sessions");
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

        // A day later, a new session; then the first "log out everywhere" would have expired.
        app.Clock.Advance(TimeSpan.FromDays(1));
        using var laptop = app.CreateClient();
        using var login = await laptop.LogInAsync();
        await login.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var copy = Http.CookieValue(login.SetCookie(app.CookieName).ShouldNotBeNull());
        app.Clock.Advance(app.SessionOptions.TimeToLive - TimeSpan.FromDays(1) + TimeSpan.FromMinutes(2));
        using var thief = app.ClientWithSession(copy);
        (await thief.IsLoggedInAsync()).ShouldBeTrue("the laptop's session still has a day to live");

        using (var again = await laptop.DestroyAllAsync())
        {
            await again.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        (await thief.IsLoggedInAsync()).ShouldBeFalse(
            "the second \"log out everywhere\" must end the laptop's session too, begun before it");
    }

    [Fact]
    public async Task A_second_log_out_everywhere_in_the_same_second_ends_the_sessions_begun_since_the_first()
    {
        // The test's clock stands still: everything below happens within one second, as a quick user (or a script) does.
        using var app = new SessionAppFactory().WithUsers();
        using var first = app.CreateClient();
        (await first.LogInAsync()).Dispose();
        using (var everywhere = await first.DestroyAllAsync())
        {
            await everywhere.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        // Two logins in that second: each counts as begun the second after the "log out everywhere" (or it would be ended at once).
        using var laptop = app.CreateClient();
        using var phone = app.CreateClient();
        (await laptop.LogInAsync()).Dispose();
        (await phone.LogInAsync()).Dispose();
        (await laptop.IsLoggedInAsync()).ShouldBeTrue("a login after a \"log out everywhere\" works");

        using (var again = await phone.DestroyAllAsync())
        {
            await again.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        Must.Hold(!await laptop.IsLoggedInAsync(),
            "A second \"log out everywhere\" in the same second must end the sessions begun since the first (their login time counts from the second after it): the time it records must be at least that.");
    }
}
