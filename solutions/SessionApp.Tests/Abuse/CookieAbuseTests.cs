using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using IronSealing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SessionApp.Session;
using SessionApp.Tests.Infrastructure;
using Shouldly;
using Workshop.Testkit;

namespace SessionApp.Tests.Abuse;

/// <summary>
/// Maintainers' abuse tests: thousands of generated cookies and bodies, none of which may cause a 5xx,
/// log anyone in who was not sealed, or leave a half-written cookie. Seeded, so a failure repeats.
/// </summary>
public sealed class CookieAbuseTests(SessionAppFactory app) : IClassFixture<SessionAppFactory>
{
    private const int Cookies = 3000;
    private const int Bodies = 1000;

    [Fact]
    public async Task Thousands_of_damaged_cookies_never_log_in_and_never_fail()
    {
        var random = new Random(20261128);
        var valid = Seals.Seal(Seals.MockSessionJson);
        // The kinds that need a second sealer send seals made here (testkit/Workshop.Testkit/CookieMutations.cs makes none itself).
        var others = new OtherSeals(
            AnotherValid: Seals.Seal(Seals.MockSessionJson),
            Expired: Seals.SealAt(app.Clock.GetUtcNow().AddDays(-15)),
            WrongPassword: Seals.Seal(Seals.MockSessionJson, Seals.OtherPassword),
            UnknownPasswordId: new IronSealer(new Dictionary<string, string> { ["2"] = Seals.Password })
                .Seal(Encoding.UTF8.GetBytes(Seals.MockSessionJson), TimeSpan.FromDays(14)));
        int tried = 0, serverErrors = 0, loggedIn = 0;
        var failures = new List<string>();
        using var client = app.ClientWithCookie(null);

        for (var i = 0; i < Cookies; i++)
        {
            var kind = CookieMutations.All[i % CookieMutations.All.Count];
            var cookie = CookieMutations.Mutate(kind, random, valid, others);
            if (cookie == valid)
            {
                continue;
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, SessionEndpoints.ReadRoute);
            request.Headers.TryAddWithoutValidation("Cookie", $"{app.CookieName}={Uri.EscapeDataString(cookie)}");
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            tried++;
            var serverError = (int)response.StatusCode >= 500;
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var logsIn = body.Contains("\"isLogin\":true", StringComparison.Ordinal);
            serverErrors += serverError ? 1 : 0;
            loggedIn += logsIn ? 1 : 0;
            if ((serverError || logsIn) && failures.Count < 5)
            {
                failures.Add($"{kind}: {(int)response.StatusCode} {body} for {cookie[..Math.Min(cookie.Length, 120)]}");
            }
        }

        TestContext.Current.SendDiagnosticMessage($"cookie abuse: tried {tried} ({CookieMutations.All.Count} kinds), 5xx {serverErrors}, logged in {loggedIn}");
        (serverErrors, loggedIn).ShouldBe((0, 0), $"of {tried} damaged cookies; first: {string.Join(" | ", failures)}");
    }

    [Fact]
    public async Task A_cookie_longer_than_any_this_app_sets_is_refused_before_it_is_opened()
    {
        using var rejected = new MetricCollector<long>(app.Services.GetRequiredService<IMeterFactory>(), SessionMetrics.MeterName, SessionMetrics.CookieRejectedName);
        using var client = app.ClientWithCookie($"{app.CookieName}={new string('*', 30_000)}~2");

        using var response = await client.ReadAsync();

        (await response.JsonAsync()).GetProperty("isLogin").GetBoolean().ShouldBeFalse();
        rejected.GetMeasurementSnapshot().Select(m => m.Tags[SessionMetrics.ReasonTag]).ShouldBe([SessionMetrics.Reasons.TooLong],
            "a cookie longer than SessionCookies.MaxSetCookieBytes is refused by its length, before the sealer parses it");
    }

    [Fact]
    public async Task Many_cookies_of_the_same_name_never_fail()
    {
        using var client = app.ClientWithCookie(
            string.Join("; ", Enumerable.Range(0, 200).Select(i => $"{app.CookieName}=junk{i}")) + $"; {app.CookieName}={Uri.EscapeDataString(Seals.Seal(Seals.MockSessionJson))}");

        using var response = await client.ReadAsync();

        // ASP.NET Core keeps one of the duplicates (today, the last); either answer is sound, a 5xx is not.
        (await response.JsonAsync()).GetProperty("isLogin").ValueKind.ShouldBeOneOf(System.Text.Json.JsonValueKind.True, System.Text.Json.JsonValueKind.False);
    }

    [Fact]
    public async Task Thousands_of_damaged_bodies_get_200_with_a_cookie_or_a_4xx_problem_without_one()
    {
        var random = new Random(1128);
        var valid = Seals.MockUserJson;
        string[] contentTypes = ["application/json", "application/json; charset=utf-8", "text/plain", "application/xml", "multipart/form-data"];
        int tried = 0, serverErrors = 0, halfWritten = 0, accepted = 0;
        using var client = app.ClientWithCookie(null);

        for (var i = 0; i < Bodies; i++)
        {
            var body = random.Next(6) switch
            {
                0 => valid[..random.Next(valid.Length)],
                1 => valid.Insert(random.Next(valid.Length), ((char)random.Next(32, 127)).ToString()),
                2 => new string('[', random.Next(1, 200)) + new string(']', random.Next(1, 200)),
                3 => valid.Replace("tvydev", new string('x', random.Next(0, 20_000)), StringComparison.Ordinal),
                4 => valid.Replace("23", random.Next(3) switch { 0 => "\"23\"", 1 => "1e400", _ => "true" }, StringComparison.Ordinal),
                _ => valid,
            };
            var contentType = contentTypes[random.Next(contentTypes.Length)];
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            using var response = await client.PostAsync(SessionEndpoints.StoreRoute, content, TestContext.Current.CancellationToken);
            tried++;
            var status = (int)response.StatusCode;
            var setsCookie = response.Headers.Contains("Set-Cookie");
            serverErrors += status >= 500 ? 1 : 0;
            if (status == 200)
            {
                accepted++;
                halfWritten += setsCookie ? 0 : 1;
            }
            else
            {
                halfWritten += setsCookie || response.Content.Headers.ContentType?.MediaType != "application/problem+json" ? 1 : 0;
            }
        }

        TestContext.Current.SendDiagnosticMessage($"body abuse: tried {tried}, accepted {accepted}, 5xx {serverErrors}, wrong answers {halfWritten}");
        (serverErrors, halfWritten).ShouldBe((0, 0), $"of {tried} damaged bodies");
        accepted.ShouldBeGreaterThan(0, "the generator should also send some valid users");
    }
}
