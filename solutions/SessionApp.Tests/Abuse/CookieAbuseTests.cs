using System.Net;
using System.Text;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Abuse;

/// <summary>
/// Maintainers' abuse tests: thousands of generated cookies and bodies, none of which may cause a 5xx,
/// log anyone in who was not sealed, or leave a half-written cookie. Seeded, so a failure repeats.
/// </summary>
public sealed class CookieAbuseTests(SessionAppFactory app) : IClassFixture<SessionAppFactory>
{
    private const int Cookies = 3000;
    private const int Bodies = 1000;

    private static string Mutate(Random random, string valid)
    {
        var chars = valid.ToCharArray();
        switch (random.Next(10))
        {
            case 0: return valid[..random.Next(valid.Length)];
            case 1:
                var at = random.Next(chars.Length);
                chars[at] = (char)(chars[at] ^ (1 << random.Next(7)));
                return new string(chars);
            case 2: return "Fe26." + random.Next(10) + valid[6..];
            case 3: return valid.Replace("*1*", "*" + random.Next(-5, 100_000) + "*", StringComparison.Ordinal);
            case 4:
                var fields = valid[..^2].Split('*');
                fields[5] = random.Next(3) switch { 0 => "99999999999999999999999", 1 => "-1", _ => string.Empty };
                return string.Join('*', fields) + "~2";
            case 5:
                var parts = valid[..^2].Split('*');
                parts[random.Next(parts.Length)] = string.Empty;
                return string.Join('*', parts) + "~2";
            case 6: return valid.Insert(random.Next(valid.Length), "é✓日");
            case 7: return new string('*', random.Next(1, 20)) + "~2";
            case 8:
                var bytes = new byte[random.Next(1, 300)];
                random.NextBytes(bytes);
                return Convert.ToBase64String(bytes);
            default: return valid + new string('A', random.Next(1, 10 * 1024));
        }
    }

    [Fact]
    public async Task Thousands_of_damaged_cookies_never_log_in_and_never_fail()
    {
        var random = new Random(20261128);
        var valid = Seals.Seal(Seals.MockSessionJson);
        int tried = 0, serverErrors = 0, loggedIn = 0;
        using var client = app.ClientWithCookie(null);

        for (var i = 0; i < Cookies; i++)
        {
            var cookie = Mutate(random, valid);
            if (cookie == valid)
            {
                continue;
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/session");
            request.Headers.TryAddWithoutValidation("Cookie", $"workshop_auth={Uri.EscapeDataString(cookie)}");
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            tried++;
            serverErrors += (int)response.StatusCode >= 500 ? 1 : 0;
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            loggedIn += body.Contains("\"isLogin\":true", StringComparison.Ordinal) ? 1 : 0;
        }

        TestContext.Current.SendDiagnosticMessage($"cookie abuse: tried {tried}, 5xx {serverErrors}, logged in {loggedIn}");
        (serverErrors, loggedIn).ShouldBe((0, 0), $"of {tried} damaged cookies");
    }

    [Fact]
    public async Task Many_cookies_of_the_same_name_never_fail()
    {
        using var client = app.ClientWithCookie(
            string.Join("; ", Enumerable.Range(0, 200).Select(i => $"workshop_auth=junk{i}")) + $"; workshop_auth={Uri.EscapeDataString(Seals.Seal(Seals.MockSessionJson))}");

        using var response = await client.ReadAsync();

        // ASP.NET Core keeps one of the duplicates (today, the last); either answer is sound, a 5xx is not.
        (await response.JsonAsync()).GetProperty("isLogin").ValueKind.ShouldBeOneOf(System.Text.Json.JsonValueKind.True, System.Text.Json.JsonValueKind.False);
    }

    [Fact]
    public async Task Thousands_of_damaged_bodies_get_200_with_a_cookie_or_a_4xx_problem_without_one()
    {
        var random = new Random(1128);
        var valid = Http.MockUserJson;
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
            using var response = await client.PostAsync("/api/session/store", content, TestContext.Current.CancellationToken);
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
