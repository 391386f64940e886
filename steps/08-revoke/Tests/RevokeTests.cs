using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Revoke;

/// <summary>Step 08: each session has an id, a logout revokes it, and "log out everywhere" ends every session of the user.</summary>
public sealed class RevokeTests
{
    private static SessionAppFactory App() => new SessionAppFactory().WithUsers();

    private static JsonElement SealedSession(string cookie) => JsonDocument.Parse(Seals.Open(cookie)).RootElement.Clone();

    private static string? SessionId(string cookie) =>
        SealedSession(cookie).TryGetProperty("sid", out var sid) && sid.ValueKind == JsonValueKind.String ? sid.GetString() : null;

    [Fact]
    [Task(1)]
    public async Task Every_login_seals_a_new_128_bit_session_id_beside_the_user()
    {
        using var app = App();
        using var client = app.CreateClient();

        var ids = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(SessionId(await client.LogInForCookieAsync(app)));
        }

        foreach (var id in ids)
        {
            Must.Hold(id is { Length: 32 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'),
                ThisTask.Says("Each seal should carry \"sid\": 16 random bytes as 32 lowercase hex digits."), id ?? "no sid");
        }

        ids.Distinct().Count().ShouldBe(3, ThisTask.Says("every login must get its own id."));
    }

    [Fact]
    [Task(1)]
    public async Task A_login_over_a_planted_session_gets_an_id_of_its_own()
    {
        using var app = App();
        using var first = app.CreateClient();
        var planted = await first.LogInForCookieAsync(app);
        using var victim = app.ClientWithSession(planted);

        using var response = await victim.LogInAsync(Logins.Username, Logins.Password);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var id = SessionId(Http.CookieValue(response.SetCookie(app.CookieName).ShouldNotBeNull()));
        id.ShouldNotBeNull(ThisTask.Says("the new session should carry a sid."));
        Must.Hold(id != SessionId(planted),
            ThisTask.Says($"A login kept the id of the session the browser brought ({id}): each new session needs an id of its own, or whoever planted that cookie shares the victim's session (session fixation)."));
    }

    [Fact]
    [Task(2)]
    public async Task A_cookie_copied_before_logout_is_no_session_after_it_and_other_sessions_stay()
    {
        using var app = App();
        using var laptop = app.CreateClient();
        using var phone = app.CreateClient();
        var copied = await laptop.LogInForCookieAsync(app);
        await phone.LogInForCookieAsync(app);
        using var thief = app.ClientWithSession(copied);
        (await thief.IsLoggedInAsync()).ShouldBeTrue("the copy works before the logout (that is what a stolen cookie does)");

        using (var logout = await laptop.DestroyAsync())
        {
            await logout.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        Must.Hold(!await thief.IsLoggedInAsync(),
            ThisTask.Says($"After POST /api/session/destroy, a copy of the cookie taken before it must answer {{\"isLogin\":false}}: logging out must revoke the session, not only clear this browser's cookie."));
        (await phone.IsLoggedInAsync()).ShouldBeTrue("a logout ends its own session only: the same user's other device stays logged in");
    }

    [Fact]
    [Task(2)]
    public async Task A_revoked_id_is_kept_only_as_long_as_its_seal_could_be_used()
    {
        using var app = App();
        var cache = new RecordingCache();
        app.ServiceOverrides.Add(services => services.AddSingleton<IDistributedCache>(cache));
        using var client = app.CreateClient();
        var cookie = await client.LogInForCookieAsync(app);
        var loggedInAt = app.Clock.GetUtcNow();

        using (var logout = await client.DestroyAsync())
        {
            await logout.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var id = SessionId(cookie).ShouldNotBeNull("the new session carries no sid, so there is nothing to revoke (task 1 gives every session one).");
        var revocation = cache.Writes.LastOrDefault(w => w.Key.Contains(id, StringComparison.Ordinal));
        Must.Hold(revocation.Key is not null, ThisTask.Says("A logout should write the session's id to the IDistributedCache."), string.Join(", ", cache.Writes.Select(w => w.Key)));
        var expires = revocation.Options.AbsoluteExpiration
            ?? loggedInAt + (revocation.Options.AbsoluteExpirationRelativeToNow ?? TimeSpan.MaxValue - TimeSpan.FromDays(1_000_000));
        var lastOpen = loggedInAt + app.SessionOptions.TimeToLive + IronSealing.IronSealer.ClockSkew;
        Must.Hold(expires >= lastOpen - TimeSpan.FromSeconds(5) && expires <= lastOpen + TimeSpan.FromMinutes(1),
            ThisTask.Says("Keep a revoked id until its seal can no longer open (its expiry plus the sealer's minute of clock skew), and not much longer: after that the seal is refused anyway, and the list must not grow for ever."),
            $"the revocation expires {expires:O}; the seal opens until {lastOpen:O}");
    }

    [Fact]
    [Task(3)]
    public async Task Log_out_everywhere_ends_every_session_of_the_user_and_no_other()
    {
        using var app = App();
        using var laptop = app.CreateClient();
        using var phone = app.CreateClient();
        using var colleague = app.CreateClient();
        var copied = await laptop.LogInForCookieAsync(app);
        await phone.LogInForCookieAsync(app);
        await colleague.LogInForCookieAsync(app, Logins.OtherUsername, Logins.OtherPassword);
        using var thief = app.ClientWithSession(copied);

        using (var everywhere = await phone.DestroyAllAsync())
        {
            await everywhere.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        Must.Hold(!await laptop.IsLoggedInAsync() && !await thief.IsLoggedInAsync(),
            ThisTask.Says("After POST /api/session/destroy-all, every session of that user begun before it (other devices, copies) must be no session."));
        (await colleague.IsLoggedInAsync()).ShouldBeTrue("another user's session must not end");
        await laptop.LogInForCookieAsync(app);
        (await laptop.IsLoggedInAsync()).ShouldBeTrue(ThisTask.Says("a login after logging out everywhere begins a session that works."));
    }

    [Fact]
    [Task(4)]
    public void Outside_Development_logouts_kept_in_memory_refuse_to_start_unless_one_instance_is_declared()
    {
        using var app = new SessionAppFactory();
        app.Settings.Remove("Session:SingleInstance");

        var error = Startup.Refusal(app, ThisTask.Says(
            "The app started in Production with its revocation list in memory (no Session:Redis, no Session:SingleInstance=true): a restart would forget every logout, unannounced; it must refuse to start."));
        Must.Hold(error.Contains("Session:Redis", StringComparison.Ordinal) && error.Contains("Session:SingleInstance=true", StringComparison.Ordinal),
            ThisTask.Says("The refusal should name both ways out: Session:Redis, and Session:SingleInstance=true."), error);
    }

    [Theory]
    [Task(0)]
    [InlineData("Production", "Session:SingleInstance", "true")]
    [InlineData("Production", "Session:Redis", "127.0.0.1:1")]
    [InlineData("Development", null, null)]
    public void One_declared_instance_Redis_or_Development_starts(string environment, string? setting, string? value)
    {
        using var app = new SessionAppFactory { EnvironmentName = environment };
        app.Settings.Remove("Session:SingleInstance");
        if (setting is not null)
        {
            app.Settings[setting] = value;
        }

        var error = Startup.Error(app);

        Must.Hold(error is null, $"{environment} with {setting ?? "neither setting"}{(value is null ? "" : $"={value}")} must start; it refused.", error);
    }

    /// <summary>The app's in-memory cache, recording what is written to it.</summary>
    private sealed class RecordingCache : IDistributedCache
    {
        private readonly MemoryDistributedCache _inner = new(Options.Create(new MemoryDistributedCacheOptions()));

        public List<(string Key, DistributedCacheEntryOptions Options)> Writes { get; } = [];

        public byte[]? Get(string key) => _inner.Get(key);

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => _inner.GetAsync(key, token);

        public void Refresh(string key) => _inner.Refresh(key);

        public Task RefreshAsync(string key, CancellationToken token = default) => _inner.RefreshAsync(key, token);

        public void Remove(string key) => _inner.Remove(key);

        public Task RemoveAsync(string key, CancellationToken token = default) => _inner.RemoveAsync(key, token);

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
        {
            lock (Writes)
            {
                Writes.Add((key, options));
            }

            _inner.Set(key, value, options);
        }

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            Set(key, value, options);
            return Task.CompletedTask;
        }
    }
}
