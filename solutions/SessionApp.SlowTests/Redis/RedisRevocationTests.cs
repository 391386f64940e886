using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using SessionApp.Session;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Slow.Redis;

/// <summary>
/// Step 08's revocation list in a real Redis (Session:Redis), shared by two instances of the app, as behind a load
/// balancer: a logout on one is seen on the other. While Redis is down every session fails closed and every change
/// answers 503 (never 500); when it is back, everything works again.
/// </summary>
public sealed class RedisRevocationTests
{
    /// <summary>How long the app may take to find Redis again after it comes back (StackExchange.Redis retries with a backoff).</summary>
    private static readonly TimeSpan BackWithin = TimeSpan.FromSeconds(30);

    private static async Task<string> BodyAsync(HttpResponseMessage response) =>
        await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

    private static Task<HttpResponseMessage> HealthAsync(HttpClient client) => client.GetAsync("/healthz", TestContext.Current.CancellationToken);

    /// <summary>
    /// How long another instance may take to see a write: each keeps a copy of the list in memory and hears of every
    /// write through Redis pub/sub, in milliseconds (bench/propagation measures it); a test allows a loaded machine more.
    /// </summary>
    private static readonly TimeSpan SeenWithin = TimeSpan.FromSeconds(1);

    /// <summary>Whether the condition holds within the time, asked every 10 ms.</summary>
    private static async Task<bool> WithinAsync(TimeSpan limit, Func<Task<bool>> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        return true;
    }

    /// <summary>Waits until each instance has noticed that Redis is gone (its /healthz answers 503).</summary>
    private static async Task NoticedRedisIsGoneAsync(params SessionAppFactory[] apps)
    {
        foreach (var app in apps)
        {
            using var probe = app.CreateClient();
            Must.Hold(await WithinAsync(TimeSpan.FromSeconds(5), async () =>
                {
                    using var answer = await HealthAsync(probe);
                    return answer.StatusCode == HttpStatusCode.ServiceUnavailable;
                }),
                "An instance should notice within 5 s that Redis is gone (its connection fails) and answer /healthz with 503.");
        }
    }

    /// <summary>
    /// What the app logged at Error or Critical, except ASP.NET Core's health-check service reporting the revocation
    /// list Unhealthy: the framework logs every Unhealthy check at Error, and that line is the outage's alarm (the app's own
    /// words for it are Warnings).
    /// </summary>
    private static string[] Errors(SessionAppFactory app) =>
        [.. app.Logs.GetSnapshot()
            .Where(r => r.Level >= LogLevel.Error)
            .Where(r => !(r.Category == "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService"
                          && r.Message.StartsWith($"Health check {SessionApp.Revocation.RevocationsHealthCheck.Name} with status Unhealthy", StringComparison.Ordinal)))
            .Select(r => $"{r.Level} {r.Category}: {r.Message}")];

    [Fact]
    public async Task A_logout_on_one_instance_ends_a_copied_cookie_on_the_other()
    {
        await using var redis = await RedisServer.StartAsync();
        using var a = RedisAppFactory.Instance(redis);
        using var b = RedisAppFactory.Instance(redis);
        using var laptop = a.CreateClient();
        using var phone = b.CreateClient();
        var copied = await laptop.LogInForCookieAsync(a);
        await phone.LogInForCookieAsync(b);
        using var thiefOnB = b.ClientWithSession(copied);
        (await thiefOnB.IsLoggedInAsync()).ShouldBeTrue("instance B reads instance A's cookie before the logout (same password)");

        using (var logout = await laptop.DestroyAsync())
        {
            await logout.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        Must.Hold(await WithinAsync(SeenWithin, async () => !await thiefOnB.IsLoggedInAsync()),
            "A logout on instance A must end the session on instance B too, within a second: with Session:Redis set, the revoked id is kept in Redis and published to every instance.");
        (await phone.IsLoggedInAsync()).ShouldBeTrue("the same user's session on the other device (begun on B) stays logged in");
        Errors(a).Concat(Errors(b)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_logout_outlives_a_Redis_restart_only_when_Redis_keeps_its_data(bool appendOnly)
    {
        await using var redis = await RedisServer.StartAsync(persistent: appendOnly);
        using var app = RedisAppFactory.Instance(redis);
        using var laptop = app.CreateClient();
        var copied = await laptop.LogInForCookieAsync(app);
        using (var logout = await laptop.DestroyAsync())
        {
            await logout.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        redis.Kill();
        await redis.StartAgainAsync();

        // Poll until the app finds Redis again.
        var waited = Stopwatch.StartNew();
        using var health = app.CreateClient();
        while (true)
        {
            using var answer = await HealthAsync(health);
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Must.Hold(waited.Elapsed < BackWithin, $"/healthz should answer 200 within {BackWithin.TotalSeconds} s of Redis coming back.", await BodyAsync(answer));
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        using var thief = app.ClientWithSession(copied);
        var works = await thief.IsLoggedInAsync();
        if (appendOnly)
        {
            Must.Hold(!works, "With appendonly yes, Redis keeps the revoked id across its restart: the logged-out cookie must stay no session.");
        }
        else
        {
            // What the README says an empty Redis means: the logouts it held are forgotten, until each seal expires.
            Must.Hold(works, "A Redis that comes back empty has forgotten the logout: the copy works again. If this changed, update the README's Session:Redis row.");
        }
    }

    [Fact]
    public async Task Log_out_everywhere_on_one_instance_ends_the_users_sessions_on_both_and_no_one_elses()
    {
        await using var redis = await RedisServer.StartAsync();
        using var a = RedisAppFactory.Instance(redis);
        using var b = RedisAppFactory.Instance(redis);

        // One clock for both, as NTP keeps real instances' within milliseconds: each test app's clock stands still at the
        // time it was made, and B's made a second later would issue sessions that look begun after A's "log out
        // everywhere" (what a clock ahead does: docs/concepts/revocation.md).
        b.Clock = a.Clock;
        using var laptop = a.CreateClient();
        using var phone = b.CreateClient();
        using var colleague = b.CreateClient();
        var laptopCookie = await laptop.LogInForCookieAsync(a);
        await phone.LogInForCookieAsync(b);
        await colleague.LogInForCookieAsync(b, Logins.OtherUsername, Logins.OtherPassword);
        using var copyOnA = a.ClientWithSession(laptopCookie);
        using var copyOnB = b.ClientWithSession(laptopCookie);

        using (var everywhere = await laptop.DestroyAllAsync())
        {
            await everywhere.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        Must.Hold(!await copyOnA.IsLoggedInAsync(), "After POST /api/session/destroy-all on A, a copy of that session's cookie on A must be no session.");
        Must.Hold(await WithinAsync(SeenWithin, async () => !await phone.IsLoggedInAsync() && !await copyOnB.IsLoggedInAsync()),
            "After POST /api/session/destroy-all on A, every session of that user must be no session on B too, within a second (the time it was asked is in Redis, and published).");
        (await colleague.IsLoggedInAsync()).ShouldBeTrue("another user's session on B must not end");
        await phone.LogInForCookieAsync(b);
        (await phone.IsLoggedInAsync()).ShouldBeTrue("a login after logging out everywhere begins a session that works");
        Errors(a).Concat(Errors(b)).ShouldBeEmpty();
    }

    [Fact]
    public async Task While_Redis_is_down_sessions_fail_closed_and_every_change_answers_503_never_500()
    {
        await using var redis = await RedisServer.StartAsync();
        using var a = RedisAppFactory.Instance(redis);
        using var b = RedisAppFactory.Instance(redis);
        b.Clock = a.Clock; // one clock for both, as in the test above
        using var browserA = a.CreateClient();
        var cookie = await browserA.LogInForCookieAsync(a);
        using var onA = a.ClientWithSession(cookie);
        using var onB = b.ClientWithSession(cookie);
        (await onB.IsLoggedInAsync()).ShouldBeTrue("the session works on B before the outage");
        using var rejectedOnA = new MetricCollector<long>(a.Services.GetRequiredService<IMeterFactory>(), SessionMetrics.MeterName, SessionMetrics.CookieRejectedName);
        using var rejectedOnB = new MetricCollector<long>(b.Services.GetRequiredService<IMeterFactory>(), SessionMetrics.MeterName, SessionMetrics.CookieRejectedName);

        // Reads are answered from each instance's copy in memory; once an instance sees its connection to Redis fail,
        // it can no longer know the copy is current, and fails closed. Wait for that moment.
        redis.Kill();
        await NoticedRedisIsGoneAsync(a, b);

        // Every request first, then every expectation at once, so one failure does not hide the others.
        var statuses = new List<string>();
        var codes = new List<HttpStatusCode>();
        async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> Send(string what, Func<Task<HttpResponseMessage>> request)
        {
            var took = Stopwatch.StartNew();
            var response = await request();
            var body = await BodyAsync(response);
            codes.Add(response.StatusCode);
            statuses.Add($"{what}: {(int)response.StatusCode} {body} ({took.ElapsedMilliseconds} ms)");
            return (response.StatusCode, body, response);
        }

        using var newcomer = b.CreateClient();
        using var probeA = a.CreateClient();
        using var probeB = b.CreateClient();
        var readA = await Send("GET session on A", () => onA.ReadAsync());
        var readB = await Send("GET session on B", () => onB.ReadAsync());
        var login = await Send("POST login on B", () => newcomer.LogInAsync());
        var destroy = await Send("POST destroy on A", () => onA.DestroyAsync());
        var destroyAll = await Send("POST destroy-all on B", () => onB.DestroyAllAsync());
        var healthA = await Send("GET /healthz on A", () => HealthAsync(probeA));
        var healthB = await Send("GET /healthz on B", () => HealthAsync(probeB));
        var destroyCookie = destroy.Response.SetCookie(a.CookieName);
        string[] reasons = [.. rejectedOnA.GetMeasurementSnapshot().Concat(rejectedOnB.GetMeasurementSnapshot())
            .Select(m => m.Tags.TryGetValue(SessionMetrics.ReasonTag, out var reason) ? reason as string : null).OfType<string>()];
        var logged = a.LoggedMessages.Concat(b.LoggedMessages).ToList();
        var seen = string.Join(Environment.NewLine, statuses);

        this.ShouldSatisfyAllConditions(
            () => Must.Hold(readA.Status == HttpStatusCode.OK && readA.Body == """{"isLogin":false}"""
                            && readB.Status == HttpStatusCode.OK && readB.Body == """{"isLogin":false}""",
                "While the revocation list cannot be read, a valid cookie must be no session (fail closed): 200 {\"isLogin\":false} on every instance.", seen),
            () => Must.Hold(reasons.Count(r => r == SessionMetrics.Reasons.StoreUnavailable) >= 2,
                $"Each refused read must be counted under reason={SessionMetrics.Reasons.StoreUnavailable}.", string.Join(", ", reasons)),
            () => Must.Hold(logged.Any(m => m.Contains("treated as no session", StringComparison.Ordinal) && m.Contains("could not read the revocation list", StringComparison.Ordinal)),
                "The app must log why the session was refused (the revocation list cannot be read).", string.Join(Environment.NewLine, logged)),
            () => Must.Hold(login.Status == HttpStatusCode.ServiceUnavailable && login.Response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                "A login while Redis is down must answer 503 ProblemDetails: its session could be ended by nobody.", seen),
            () => Must.Hold(login.Response.SetCookie(b.CookieName) is null, "A login that answers 503 must set no session cookie.", seen),
            () => Must.Hold(destroy.Status == HttpStatusCode.ServiceUnavailable,
                "A logout while Redis is down must answer 503: the logout was not recorded, so a copy of the cookie may still work.", seen),
            () => Must.Hold(destroyCookie is not null && destroyCookie.Contains("max-age=0", StringComparison.OrdinalIgnoreCase),
                "A logout that answers 503 must still clear this browser's cookie (Set-Cookie with max-age=0).", destroyCookie ?? "no Set-Cookie"),
            () => Must.Hold(destroyAll.Status == HttpStatusCode.ServiceUnavailable,
                "Log out everywhere while Redis is down must answer 503 (it cannot be recorded), not pretend the browser had no session.", seen),
            () => Must.Hold(healthA.Status == HttpStatusCode.ServiceUnavailable && healthA.Body == "Unhealthy"
                            && healthB.Status == HttpStatusCode.ServiceUnavailable && healthB.Body == "Unhealthy",
                "/healthz must answer 503 Unhealthy while the revocation list cannot be reached, so a load balancer stops sending users there.", seen),
            () => Must.Hold(codes.All(c => c != HttpStatusCode.InternalServerError), "No answer may be a 500: an outage of Redis is not a bug.", seen),
            () => Errors(a).Concat(Errors(b)).ShouldBeEmpty("an outage of Redis is logged as a warning, never at Error or Critical"),
            () => Must.Hold(a.Logs.GetSnapshot().Concat(b.Logs.GetSnapshot()).Any(r => r.Level == LogLevel.Warning && r.Message.Contains("the revocation list cannot be reached", StringComparison.Ordinal)),
                "A login or logout that could not reach the revocation list must be logged as a warning.", string.Join(Environment.NewLine, logged)));
    }

    [Fact]
    public async Task When_Redis_is_back_logins_logouts_and_sessions_work_again_within_seconds()
    {
        await using var redis = await RedisServer.StartAsync();
        using var a = RedisAppFactory.Instance(redis);
        using var b = RedisAppFactory.Instance(redis);
        using var browserA = a.CreateClient();
        var before = await browserA.LogInForCookieAsync(a);
        using var beforeOnB = b.ClientWithSession(before);
        (await beforeOnB.IsLoggedInAsync()).ShouldBeTrue("the session works on B before the outage");
        redis.Kill();
        await NoticedRedisIsGoneAsync(a, b);
        (await beforeOnB.IsLoggedInAsync()).ShouldBeFalse("while Redis is down the session fails closed");

        await redis.StartAgainAsync();

        // Poll until both instances find Redis again.
        var waited = Stopwatch.StartNew();
        using var healthA = a.CreateClient();
        using var healthB = b.CreateClient();
        var last = string.Empty;
        while (true)
        {
            using var fromA = await HealthAsync(healthA);
            using var fromB = await HealthAsync(healthB);
            last = $"A: {(int)fromA.StatusCode} {await BodyAsync(fromA)}; B: {(int)fromB.StatusCode} {await BodyAsync(fromB)}";
            if (fromA.StatusCode == HttpStatusCode.OK && fromB.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Must.Hold(waited.Elapsed < BackWithin, $"/healthz should answer 200 on both instances within {BackWithin.TotalSeconds} s of Redis coming back.", last);
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"Both instances found Redis again after {waited.Elapsed.TotalSeconds:0.0} s.");
        (await beforeOnB.IsLoggedInAsync()).ShouldBeTrue("a session begun before the outage (and never logged out) works again");
        using var laptop = a.CreateClient();
        var copied = await laptop.LogInForCookieAsync(a);
        using var copyOnB = b.ClientWithSession(copied);
        (await copyOnB.IsLoggedInAsync()).ShouldBeTrue("a login after the outage works on both instances");
        using (var logout = await laptop.DestroyAsync())
        {
            await logout.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        Must.Hold(await WithinAsync(SeenWithin, async () => !await copyOnB.IsLoggedInAsync()), "A logout after the outage must be seen on the other instance again, within a second.");
        using (var everywhere = await beforeOnB.DestroyAllAsync())
        {
            await everywhere.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var beforeOnA = a.ClientWithSession(before);
        (await WithinAsync(SeenWithin, async () => !await beforeOnA.IsLoggedInAsync())).ShouldBeTrue("log out everywhere after the outage ends the user's sessions on the other instance");
        Errors(a).Concat(Errors(b)).ShouldBeEmpty();
    }
}
