using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using IronSealing;
using Microsoft.Extensions.Time.Testing;
using Workshop.Testkit;

namespace Reliability;

/// <summary>
/// GET /api/session with generated cookie values, over real HTTP. The rules: never a 5xx; nobody is logged in
/// unless the request carries an untouched valid seal, and then only as the user sealed in it; an untouched valid
/// seal on its own always logs in. Each case comes from its own seeded Random, so case N is the same in every run
/// (except the random salts of the valid seals it starts from). The damaged seals come from
/// <see cref="CookieMutations"/> (testkit/Workshop.Testkit/CookieMutations.cs, shared with the abuse tests); the kinds about the Cookie
/// header itself (duplicates, syntax, other names) are made here.
/// </summary>
public static class CookieAbuse
{
    private const string OtherPassword = "another-password-this-app-does-not-have-0123456789";
    private const int UserCount = 64;

    private enum Expect
    {
        /// <summary>No untouched valid seal in the request: must not log in.</summary>
        MustNotLogIn,

        /// <summary>An untouched valid seal, sent plainly: must log in as its user.</summary>
        MustLogIn,

        /// <summary>An untouched valid seal among other things (duplicates, quotes, spaces): may log in, only as its user.</summary>
        MayLogIn,
    }

    private sealed record Case(string Kind, string? CookieHeader, Expect Expect, IReadOnlyList<User> Allowed);

    // Case i is of kind Kinds[i % Kinds.Length] ("bit-flip" is listed twice, so it gets twice the cases).
    private static readonly string[] Kinds =
    [
        "valid", CookieMutations.RandomBytes, CookieMutations.Truncated, CookieMutations.BitFlip, CookieMutations.BitFlip,
        CookieMutations.WrongPrefix, CookieMutations.PasswordIdTampered, CookieMutations.ExpiryTampered,
        CookieMutations.Expired, CookieMutations.EmptyFields, CookieMutations.OnlyStars, CookieMutations.NonAscii,
        CookieMutations.Huge, "same-name-junk", "same-name-with-valid", "same-name-two-users", CookieMutations.WrongPassword,
        CookieMutations.UnknownPasswordId, CookieMutations.Spliced, CookieMutations.VersionSuffix, "cookie-syntax",
        "other-cookies-only",
    ];

    public static async Task<Report> RunAsync(Options options)
    {
        var report = new Report("cookie abuse");
        var users = Enumerable.Range(0, UserCount)
            .Select(k => new User(1000 + k, $"user{k}", $"Cookie User {k}", k % 2 == 0 ? $"u{k}.png" : null))
            .ToArray();
        var sealer = options.Sealer();
        var ttl = TimeSpan.FromDays(14);
        var valid = users.Select(u => sealer.Seal(Encoding.UTF8.GetBytes(u.SessionJson()), ttl)).ToArray();
        var wrongPassword = new IronSealer(OtherPassword);
        var otherPassword = users.Select(u => wrongPassword.Seal(Encoding.UTF8.GetBytes(u.SessionJson()), ttl)).ToArray();
        var unknownId = new IronSealer(new Dictionary<string, string> { ["2"] = options.Password });
        var otherId = users.Select(u => unknownId.Seal(Encoding.UTF8.GetBytes(u.SessionJson()), ttl)).ToArray();
        var past = options.Sealer(new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-15)));
        var expired = users.Select(u => past.Seal(Encoding.UTF8.GetBytes(u.SessionJson()), ttl)).ToArray();

        using var client = options.CreateClient(16);
        var name = options.CookieName;

        // One seal made by the app itself (POST /api/session/store), as a browser would hold it, joins the pool.
        var appUser = users[0];
        using (var stored = await client.PostAsync("/api/session/store",
                   new StringContent(appUser.Json(), Encoding.UTF8, "application/json")))
        {
            var setCookie = stored.Headers.TryGetValues("Set-Cookie", out var values)
                ? values.First(v => v.StartsWith(name + "=", StringComparison.Ordinal))
                : throw new InvalidOperationException("POST /api/session/store set no cookie: is the app running with this password?");
            valid[0] = Uri.UnescapeDataString(setCookie.Split(';')[0][(name.Length + 1)..]);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cookie abuse: {options.Cookies:N0} generated cookies against GET {options.Url}api/session ({Kinds.Distinct().Count()} kinds, 16 at a time)"));

        await Cases.RunAsync(options.Cookies, 10, report, (i, ct) =>
        {
            var random = new Random(unchecked((options.Seed * 1_000_003) + i));
            var c = Generate(Kinds[i % Kinds.Length], random, name, users, valid, otherPassword, otherId, expired);
            return CheckAsync(client, c, report, i, ct);
        });

        report.Finish(
            "Rules: no 5xx; no login without an untouched valid seal; an untouched valid seal logs in as its own user.",
            "Counts: kind/<kind> = cases tried; outcome/... = what the app answered.");
        return report;
    }

    private static async Task CheckAsync(HttpClient client, Case c, Report report, int index, CancellationToken ct)
    {
        report.AddTried();
        report.Count($"kind/{c.Kind}");
        var what = $"#{index} {c.Kind}: Cookie: {c.CookieHeader}";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/session");
        if (c.CookieHeader is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", c.CookieHeader);
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            report.Fail("FAIL/transport error", $"{what} -> {e.Message}");
            return;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                report.Fail("FAIL/5xx", $"{what} -> {status}");
                return;
            }

            if (status != 200)
            {
                report.Count($"outcome/{status} (refused before the app)");
                if (c.Expect == Expect.MustLogIn)
                {
                    report.Fail("FAIL/valid seal lost", $"{what} -> {status}");
                }

                return;
            }

            var body = await response.Content.ReadAsStringAsync(ct);
            JsonElement session;
            try
            {
                session = JsonDocument.Parse(body).RootElement;
            }
            catch (JsonException)
            {
                report.Fail("FAIL/200 without JSON", $"{what} -> {body}");
                return;
            }

            var loggedIn = session.TryGetProperty("isLogin", out var isLogin) && isLogin.ValueKind == JsonValueKind.True;
            if (!loggedIn)
            {
                report.Count("outcome/200 isLogin:false");
                if (c.Expect == Expect.MustLogIn)
                {
                    report.Fail("FAIL/valid seal lost", $"{what} -> {body}");
                }

                return;
            }

            report.Count(c.Expect == Expect.MustNotLogIn ? "outcome/200 isLogin:true" : "outcome/200 isLogin:true (untouched valid seal)");
            report.Count($"logged in, by kind/{c.Kind}");
            if (c.Expect == Expect.MustNotLogIn)
            {
                report.Fail("FAIL/logged in without a valid seal", $"{what} -> {body}");
            }
            else if (c.Allowed.All(u => u.Differs(session) is not null))
            {
                report.Fail("FAIL/mixed-up user", $"{what} -> {body}");
            }
        }
    }

    private static Case Generate(string kind, Random r, string name, User[] users, string[] valid, string[] otherPassword, string[] otherId, string[] expired)
    {
        var k = r.Next(users.Length);
        var user = users[k];
        var seal = valid[k];
        string Pair(string value) => $"{name}={value}";
        Case Not(string value) => new(kind, Pair(Send(r, value)), Expect.MustNotLogIn, []);

        switch (kind)
        {
            case "valid":
                return new(kind, Pair(r.Next(2) == 0 ? seal : Uri.EscapeDataString(seal)), Expect.MustLogIn, [user]);

            case "same-name-junk":
            {
                var n = r.Next(2, 300);
                var parts = Enumerable.Range(0, n).Select(j => Pair(Junk(r, seal)));
                return new(kind, string.Join("; ", parts), Expect.MustNotLogIn, []);
            }

            case "same-name-with-valid":
            {
                var parts = Enumerable.Range(0, r.Next(1, 300)).Select(j => Pair(Junk(r, seal))).ToList();
                parts.Insert(r.Next(parts.Count + 1), Pair(r.Next(2) == 0 ? seal : Uri.EscapeDataString(seal)));
                return new(kind, string.Join("; ", parts), Expect.MayLogIn, [user]);
            }

            case "same-name-two-users":
            {
                var k2 = (k + 1 + r.Next(users.Length - 1)) % users.Length;
                return new(kind, $"{Pair(seal)}; {Pair(valid[k2])}", Expect.MayLogIn, [user, users[k2]]);
            }

            case CookieMutations.Spliced:
            {
                var k2 = (k + 1 + r.Next(users.Length - 1)) % users.Length;
                return Not(CookieMutations.Mutate(kind, r, seal, new OtherSeals(AnotherValid: valid[k2])));
            }

            case "cookie-syntax":
            {
                switch (r.Next(10))
                {
                    case 0: return new(kind, $"{name}=\"{seal}\"", Expect.MayLogIn, [user]);
                    case 1: return new(kind, $"{name}= {seal} ", Expect.MayLogIn, [user]);
                    case 2: return new(kind, $"{name.ToUpperInvariant()}={seal}", Expect.MayLogIn, [user]);
                    case 3: return new(kind, $"{name} ={seal}", Expect.MayLogIn, [user]);
                    case 4: return new(kind, $"a=b; {Pair(seal)}; c=d", Expect.MustLogIn, [user]);
                    case 5: return new(kind, $"{Pair(seal)},other=1", Expect.MayLogIn, [user]);
                    case 6: return new(kind, $"{name}x={seal}", Expect.MustNotLogIn, []);
                    case 7: return new(kind, $"x{name}={seal}", Expect.MustNotLogIn, []);
                    case 8: return new(kind, name, Expect.MustNotLogIn, []);
                    default: return new(kind, $"={seal}", Expect.MustNotLogIn, []);
                }
            }

            case "other-cookies-only":
                return new(kind, r.Next(3) == 0 ? null : $"session={seal}; auth={seal}; {name}_old={seal}", Expect.MustNotLogIn, []);

            default:
                // A damaged seal of one of the shared kinds (an unknown kind throws there).
                return Not(CookieMutations.Mutate(kind, r, seal, new OtherSeals(
                    Expired: expired[k], WrongPassword: otherPassword[k], UnknownPasswordId: otherId[k])));
        }
    }

    /// <summary>Sends a damaged value as is or percent-encoded; control characters (which HTTP forbids) always encoded.</summary>
    private static string Send(Random r, string value) =>
        r.Next(2) == 0 && !value.Any(char.IsControl) ? value : Uri.EscapeDataString(value);

    private static string Junk(Random r, string seal) => r.Next(3) switch
    {
        0 => "junk" + r.Next(100_000).ToString(CultureInfo.InvariantCulture),
        1 => Uri.EscapeDataString(seal[..r.Next(seal.Length)]),
        _ => Convert.ToBase64String(RandomBytes(r, r.Next(1, 30))),
    };

    private static byte[] RandomBytes(Random r, int length)
    {
        var bytes = new byte[length];
        r.NextBytes(bytes);
        return bytes;
    }
}
