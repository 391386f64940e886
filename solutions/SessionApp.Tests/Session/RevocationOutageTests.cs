using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionApp.Session;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Session;

/// <summary>
/// When the revocation list cannot be reached (Redis down: here a cache that throws, as StackExchange.Redis does),
/// sessions fail closed, logins and logouts answer 503 ProblemDetails, /healthz is unhealthy, and nothing answers 500.
/// The same with a real Redis stopped mid-test: solutions/SessionApp.SlowTests.
/// </summary>
public sealed class RevocationOutageTests
{
    /// <summary>The app's in-memory cache, unreachable on demand: every call (Down), or only writes (WritesDown).</summary>
    private sealed class DownCache : IDistributedCache
    {
        private readonly MemoryDistributedCache _inner = new(Options.Create(new MemoryDistributedCacheOptions()));

        public bool Down { get; set; }

        public bool WritesDown { get; set; }

        private void Check(bool write)
        {
            if (Down || (write && WritesDown))
            {
                throw new TimeoutException("the revocation store did not answer (test)");
            }
        }

        public byte[]? Get(string key)
        {
            Check(write: false);
            return _inner.Get(key);
        }

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default)
        {
            Check(write: false);
            return _inner.GetAsync(key, token);
        }

        public void Refresh(string key) => Check(write: true);

        public Task RefreshAsync(string key, CancellationToken token = default)
        {
            Check(write: true);
            return Task.CompletedTask;
        }

        public void Remove(string key)
        {
            Check(write: true);
            _inner.Remove(key);
        }

        public Task RemoveAsync(string key, CancellationToken token = default)
        {
            Check(write: true);
            return _inner.RemoveAsync(key, token);
        }

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
        {
            Check(write: true);
            _inner.Set(key, value, options);
        }

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            Check(write: true);
            return _inner.SetAsync(key, value, options, token);
        }
    }

    private static (SessionAppFactory App, DownCache Cache) App()
    {
        var cache = new DownCache();
        var app = new SessionAppFactory().WithUsers();
        app.ServiceOverrides.Add(services => services.AddSingleton<IDistributedCache>(cache));
        return (app, cache);
    }

    [Fact]
    public async Task With_the_list_unreachable_a_valid_cookie_is_no_session_counted_and_logged_with_the_reason()
    {
        var (app, cache) = App();
        using (app)
        {
            using var client = app.CreateClient();
            using (var login = await client.LogInAsync())
            {
                await login.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            using var rejected = new MetricCollector<long>(app.Services.GetRequiredService<IMeterFactory>(), SessionMetrics.MeterName, SessionMetrics.CookieRejectedName);
            cache.Down = true;

            (await client.IsLoggedInAsync()).ShouldBeFalse("a session that cannot be checked against the revocation list is no session (fail closed)");
            rejected.GetMeasurementSnapshot().ShouldContain(m => Equals(m.Tags[SessionMetrics.ReasonTag], SessionMetrics.Reasons.StoreUnavailable));
            app.LoggedMessages.ShouldContain(m => m.Contains("could not read the revocation list", StringComparison.Ordinal));

            cache.Down = false;
            (await client.IsLoggedInAsync()).ShouldBeTrue("when the list answers again, the session works again");
        }
    }

    [Fact]
    public async Task With_the_list_unreachable_login_and_logouts_answer_503_and_nothing_answers_500()
    {
        var (app, cache) = App();
        using (app)
        {
            using var client = app.CreateClient();
            string cookie;
            using (var login = await client.LogInAsync())
            {
                await login.ShouldHaveStatusAsync(HttpStatusCode.OK);
                cookie = $"{app.CookieName}={Uri.EscapeDataString(Http.CookieValue(login.SetCookie(app.CookieName).ShouldNotBeNull()))}";
            }

            cache.Down = true;

            using var secondLogin = await app.CreateClient().LogInAsync();
            (await secondLogin.JsonAsync(HttpStatusCode.ServiceUnavailable)).GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
            secondLogin.SetCookie(app.CookieName).ShouldBeNull("a login that could not begin its session sets no cookie");

            using var store = await app.CreateClient().StoreAsync(Http.MockUser);
            await store.ShouldHaveStatusAsync(HttpStatusCode.ServiceUnavailable);

            // Each logout from its own copy of the browser's cookie: both clear it, and both say the logout was not recorded.
            using var everywhereClient = app.ClientWithCookie(cookie);
            using var everywhere = await everywhereClient.DestroyAllAsync();
            await everywhere.ShouldHaveStatusAsync(HttpStatusCode.ServiceUnavailable);
            everywhere.SetCookie(app.CookieName).ShouldNotBeNull("log out everywhere clears this browser's cookie even when it cannot be recorded");

            using var destroyClient = app.ClientWithCookie(cookie);
            using var destroy = await destroyClient.DestroyAsync();
            var problem = await destroy.JsonAsync(HttpStatusCode.ServiceUnavailable);
            problem.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("could not be recorded");
            destroy.SetCookie(app.CookieName).ShouldNotBeNull("the browser's cookie is cleared even when the logout cannot be recorded")
                .ShouldContain("max-age=0", Case.Insensitive);

            app.Logs.GetSnapshot().Where(r => r.Level >= LogLevel.Error).Select(r => r.Message).ShouldBeEmpty("an unreachable list is a 503, never an error");

            // The health check says it to the load balancer on every hit; the log says it once per outage.
            using var health = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);
            health.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("Unhealthy");
        }
    }

    [Fact]
    public async Task An_outage_is_logged_once_without_a_stack_trace_and_its_end_once()
    {
        var (app, cache) = App();
        using (app)
        {
            using var client = app.CreateClient();
            using (var login = await client.LogInAsync())
            {
                await login.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            cache.Down = true;
            for (var i = 0; i < 3; i++)
            {
                (await client.IsLoggedInAsync()).ShouldBeFalse();
                using var health = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);
                health.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
                using var login = await app.CreateClient().LogInAsync();
                await login.ShouldHaveStatusAsync(HttpStatusCode.ServiceUnavailable);
            }

            cache.Down = false;
            (await client.IsLoggedInAsync()).ShouldBeTrue();
            (await client.IsLoggedInAsync()).ShouldBeTrue();

            var records = app.Logs.GetSnapshot();
            records.Count(r => r.Level == LogLevel.Warning && r.Message.Contains("the revocation list cannot be reached", StringComparison.Ordinal))
                .ShouldBe(1, "nine failed reads, health checks and logins in one outage: one Warning, not one each");
            records.Where(r => r.Level >= LogLevel.Warning && r.Exception is not null).Select(r => r.Message)
                .ShouldBeEmpty("an outage is said in words, without a stack trace per request");
            records.Where(r => r.Level >= LogLevel.Error).Select(r => r.Message).ShouldBeEmpty("an unreachable list is a 503, never an error");
            records.Count(r => r.Level == LogLevel.Information && r.Message.Contains("revocation list answers again", StringComparison.Ordinal)).ShouldBe(1, "its end is said once too");
        }
    }

    [Fact]
    public async Task A_full_in_memory_list_refuses_new_logouts_with_503_and_forgets_none()
    {
        using var app = new SessionAppFactory();
        app.Settings["Session:RevocationMemoryBytes"] = "65536";
        using var live = app.CreateClient();
        (await live.StoreAsync(Http.MockUser)).Dispose();
        string? firstRevoked = null;
        HttpResponseMessage? refused = null;
        var logouts = 0;

        // Each logout keeps its id until the seal expires (14 days): 64 KiB holds some 90 of them.
        while (refused is null && logouts < 200)
        {
            using var browser = app.CreateClient();
            using var stored = await browser.StoreAsync(Http.MockUser);
            var cookie = stored.SetCookie(app.CookieName).ShouldNotBeNull().Split(';')[0];
            var logout = await browser.DestroyAsync();
            if (logout.StatusCode == HttpStatusCode.OK)
            {
                firstRevoked ??= cookie;
                logouts++;
                logout.Dispose();
            }
            else
            {
                refused = logout;
            }
        }

        using (refused)
        {
            refused.ShouldNotBeNull($"{logouts} logouts fitted in a 64 KiB list: it is not bounded by what its entries cost");
            logouts.ShouldBeInRange(50, 130, "about 700 bytes a logout");
            await refused.ShouldHaveStatusAsync(HttpStatusCode.ServiceUnavailable);
            refused.SetCookie(app.CookieName).ShouldNotBeNull("the browser's cookie is cleared even when the logout cannot be recorded").ShouldContain("max-age=0", Case.Insensitive);
        }

        using var copy = app.ClientWithCookie(firstRevoked);
        (await copy.IsLoggedInAsync()).ShouldBeFalse("a full list must forget no logout: the first one still holds");
        (await live.IsLoggedInAsync()).ShouldBeTrue("reads go on while the list is full");
    }

    [Fact]
    public async Task Log_out_everywhere_answers_503_when_it_cannot_be_recorded()
    {
        var (app, cache) = App();
        using (app)
        {
            using var client = app.CreateClient();
            using (var login = await client.LogInAsync())
            {
                await login.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            cache.WritesDown = true;
            using var everywhere = await client.DestroyAllAsync();

            await everywhere.ShouldHaveStatusAsync(HttpStatusCode.ServiceUnavailable);
        }
    }
}
