using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Reliability;

/// <summary>
/// A time-boxed load run: C virtual users at once, each its own distinct user with its own cookie jar, mixing
/// store, read and destroy. Every store changes the user (a new version in fullName), so a read that answers an
/// older version, another user, or no one at all is caught. The rules: every request succeeds, every read answers
/// exactly what that virtual user last stored (or isLogin:false after a destroy), every store sets a Secure,
/// HttpOnly cookie and every destroy clears it.
/// </summary>
public static class Load
{
    public static async Task<Report> RunAsync(Options options)
    {
        var report = new Report("load");
        using var client = options.CreateClient(options.Connections);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load: {options.Connections} virtual users for {options.Seconds} s against {options.Url}, mixing store / read / destroy"));

        var latencies = new List<double>[options.Connections];
        var deadline = Stopwatch.GetTimestamp() + (options.Seconds * Stopwatch.Frequency);
        var users = Enumerable.Range(0, options.Connections)
            .Select(vu => RunUserAsync(client, options.CookieName, vu, options.Seed, deadline, report, latencies[vu] = []))
            .ToArray();
        await Task.WhenAll(users);

        var all = latencies.SelectMany(l => l).Order().ToArray();
        double P(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
        var seconds = report.Clock.Elapsed.TotalSeconds;
        report.Count("requests/s (whole run)", (long)(report.Tried / seconds));
        report.Count("latency µs p50", (long)(P(0.50) * 1000));
        report.Count("latency µs p99", (long)(P(0.99) * 1000));
        report.Finish(
            "Rules: every request 2xx; every read is exactly the user's last store (isLogin:false after a destroy); store sets a Secure HttpOnly cookie, destroy clears it.",
            "Counts: op/<op> = requests of each kind; FAIL/... = what was lost or wrong.");
        return report;
    }

    private static async Task RunUserAsync(HttpClient client, string name, int vu, int seed, long deadline, Report report, List<double> latencies)
    {
        var random = new Random(unchecked((seed * 31) + vu));
        var version = 0;
        string? cookie = null;     // the jar: what a browser would send back
        User? expected = null;     // what a read must answer

        while (Stopwatch.GetTimestamp() < deadline)
        {
            var roll = random.Next(100);
            // Logged out: mostly log in again, sometimes read first (must answer isLogin:false). Logged in: mix all three.
            var op = cookie is null ? (roll < 25 ? "read" : "store") : roll < 30 ? "store" : roll < 85 ? "read" : "destroy";
            report.AddTried();
            report.Count($"op/{op}");
            var started = Stopwatch.GetTimestamp();
            try
            {
                switch (op)
                {
                    case "store":
                    {
                        version++;
                        var user = new User(5_000_000 + vu, $"vu{vu}", $"Virtual User {vu} v{version}", vu % 3 == 0 ? null : $"https://img.example/{vu}/{version}.png");
                        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/session/store")
                        {
                            Content = new StringContent(user.Json(), Encoding.UTF8, "application/json"),
                        };
                        if (cookie is not null)
                        {
                            request.Headers.TryAddWithoutValidation("Cookie", $"{name}={cookie}");
                        }

                        using var response = await client.SendAsync(request);
                        var body = await response.Content.ReadAsStringAsync();
                        var setCookie = SetCookie(response, name);
                        if ((int)response.StatusCode != 200 || body != "{}")
                        {
                            report.Fail("FAIL/store not 200 {}", $"vu{vu} store v{version} -> {(int)response.StatusCode} {body}");
                        }
                        else if (setCookie is null || !setCookie.Contains("; secure", StringComparison.OrdinalIgnoreCase)
                                 || !setCookie.Contains("; httponly", StringComparison.OrdinalIgnoreCase))
                        {
                            report.Fail("FAIL/store without a Secure HttpOnly cookie", $"vu{vu} store v{version} -> {setCookie}");
                        }
                        else
                        {
                            cookie = setCookie.Split(';')[0][(name.Length + 1)..];
                            expected = user;
                        }

                        break;
                    }

                    case "read":
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/session");
                        if (cookie is not null)
                        {
                            request.Headers.TryAddWithoutValidation("Cookie", $"{name}={cookie}");
                        }

                        using var response = await client.SendAsync(request);
                        var body = await response.Content.ReadAsStringAsync();
                        if ((int)response.StatusCode != 200)
                        {
                            report.Fail("FAIL/read not 200", $"vu{vu} read -> {(int)response.StatusCode} {body}");
                            break;
                        }

                        var session = JsonDocument.Parse(body).RootElement;
                        if (expected is null)
                        {
                            if (session.GetProperty("isLogin").GetBoolean())
                            {
                                report.Fail("FAIL/logged in without a cookie", $"vu{vu} read -> {body}");
                            }
                            else
                            {
                                report.Count("reads without a cookie that answered isLogin:false");
                            }
                        }
                        else if (expected.Differs(session) is { } difference)
                        {
                            var kind = !session.GetProperty("isLogin").GetBoolean() ? "FAIL/session lost"
                                : session.TryGetProperty("username", out var u) && u.GetString() != expected.Username ? "FAIL/another user's session"
                                : "FAIL/stale session";
                            report.Fail(kind, $"vu{vu} read: {difference}");
                        }
                        else
                        {
                            report.Count("reads that answered the stored user");
                        }

                        break;
                    }

                    default:
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/session/destroy");
                        request.Headers.TryAddWithoutValidation("Cookie", $"{name}={cookie}");
                        using var response = await client.SendAsync(request);
                        var body = await response.Content.ReadAsStringAsync();
                        var setCookie = SetCookie(response, name);
                        if ((int)response.StatusCode != 200 || body != "{}")
                        {
                            report.Fail("FAIL/destroy not 200 {}", $"vu{vu} destroy -> {(int)response.StatusCode} {body}");
                        }
                        else if (setCookie is null || !setCookie.StartsWith(name + "=;", StringComparison.Ordinal)
                                 || !setCookie.Contains("max-age=0", StringComparison.OrdinalIgnoreCase))
                        {
                            report.Fail("FAIL/destroy did not clear the cookie", $"vu{vu} destroy -> {setCookie}");
                        }
                        else
                        {
                            cookie = null; // the browser drops it
                            expected = null;
                        }

                        break;
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                report.Fail("FAIL/request error", $"vu{vu} {op} -> {e.GetType().Name}: {e.Message}");
            }

            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private static string? SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal))
            : null;
}
