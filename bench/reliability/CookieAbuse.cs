using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using SessionApp.Sealing;

namespace Reliability;

/// <summary>
/// GET /api/session with generated cookie values, over real HTTP. The rules: never a 5xx; nobody is logged in
/// unless the request carries an untouched valid seal, and then only as the user sealed in it; an untouched valid
/// seal on its own always logs in. Each case comes from its own seeded Random, so case N is the same in every run
/// (except the random salts of the valid seals it starts from).
/// </summary>
public static class CookieAbuse
{
    private const string Name = "workshop_auth";
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

    private static readonly string[] Kinds =
    [
        "valid", "random-bytes", "truncated", "bit-flip", "bit-flip", "wrong-prefix", "password-id-tampered",
        "expiry-tampered", "expired", "empty-fields", "non-ascii", "10kb", "same-name-junk", "same-name-with-valid",
        "same-name-two-users", "wrong-password", "unknown-password-id", "spliced", "version-suffix", "cookie-syntax",
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
        var wrongPassword = new IronSealer(new Dictionary<int, string> { [1] = OtherPassword }, TimeProvider.System);
        var otherPassword = users.Select(u => wrongPassword.Seal(Encoding.UTF8.GetBytes(u.SessionJson()), ttl)).ToArray();
        var unknownId = new IronSealer(new Dictionary<int, string> { [2] = options.Password }, TimeProvider.System);
        var otherId = users.Select(u => unknownId.Seal(Encoding.UTF8.GetBytes(u.SessionJson()), ttl)).ToArray();
        var past = new IronSealer(new Dictionary<int, string> { [1] = options.Password }, new FixedClock(DateTimeOffset.UtcNow.AddDays(-15)));
        var expired = users.Select(u => past.Seal(Encoding.UTF8.GetBytes(u.SessionJson()), ttl)).ToArray();

        using var client = options.CreateClient(16);

        // One seal made by the app itself (POST /api/session/store), as a browser would hold it, joins the pool.
        var appUser = users[0];
        using (var stored = await client.PostAsync("/api/session/store",
                   new StringContent(appUser.Json(), Encoding.UTF8, "application/json")))
        {
            var setCookie = stored.Headers.TryGetValues("Set-Cookie", out var values)
                ? values.First(v => v.StartsWith(Name + "=", StringComparison.Ordinal))
                : throw new InvalidOperationException("POST /api/session/store set no cookie: is the app running with this password?");
            valid[0] = Uri.UnescapeDataString(setCookie.Split(';')[0][(Name.Length + 1)..]);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cookie abuse: {options.Cookies:N0} generated cookies against GET {options.Url}api/session ({Kinds.Distinct().Count()} kinds, 16 at a time)"));

        await Cases.RunAsync(options.Cookies, 10, report, (i, ct) =>
        {
            var random = new Random(unchecked((options.Seed * 1_000_003) + i));
            var c = Generate(Kinds[i % Kinds.Length], random, users, valid, otherPassword, otherId, expired);
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

    private static Case Generate(string kind, Random r, User[] users, string[] valid, string[] otherPassword, string[] otherId, string[] expired)
    {
        var k = r.Next(users.Length);
        var user = users[k];
        var seal = valid[k];
        string Pair(string value) => $"{Name}={value}";
        Case Not(string value) => new(kind, Pair(Send(r, value)), Expect.MustNotLogIn, []);

        switch (kind)
        {
            case "valid":
                return new(kind, Pair(r.Next(2) == 0 ? seal : Uri.EscapeDataString(seal)), Expect.MustLogIn, [user]);

            case "random-bytes":
            {
                var bytes = new byte[r.Next(1, 400)];
                r.NextBytes(bytes);
                return Not(r.Next(3) switch
                {
                    0 => Convert.ToBase64String(bytes),
                    1 => Convert.ToHexStringLower(bytes),
                    _ => new string(bytes.Select(b => (char)(b < 0x20 ? b + 0x40 : b)).ToArray()),
                });
            }

            case "truncated":
                return Not(seal[..r.Next(seal.Length)]);

            case "bit-flip":
            {
                var chars = seal.ToCharArray();
                var flips = r.Next(1, 4);
                for (var f = 0; f < flips; f++)
                {
                    var at = r.Next(chars.Length);
                    chars[at] = (char)(chars[at] ^ (1 << r.Next(8)));
                }

                var flipped = new string(chars);
                if (flipped == seal)
                {
                    chars[0] = 'G';
                    flipped = new string(chars);
                }

                return Not(flipped);
            }

            case "wrong-prefix":
            {
                string[] prefixes = ["Fe26.1", "Fe26.3", "fe26.2", "FE26.2", "Fe26", "Fe26.2.0", " Fe26.2", "Fe27.2", "", "Fe26.2 ", "Fe26.\u0662", "Fe26,2", "\uFEFFFe26.2"];
                return Not(prefixes[r.Next(prefixes.Length)] + seal[IronSealer.Prefix.Length..]);
            }

            case "password-id-tampered":
            {
                string[] ids = ["01", "1 ", "+1", "-1", "\uFF11", "", "2", "0", "999999999999", "1.0", "0x1", "default", "١"];
                var fields = seal.Split('*');
                fields[1] = ids[r.Next(ids.Length)];
                return Not(string.Join('*', fields));
            }

            case "expiry-tampered":
            {
                string[] expiries = ["99999999999999999999999", "9223372036854775807", "18446744073709551616", "-1", "0", "", "1e30", " 1", "+1", "0x7fffffff", "\u0661\u0662\u0663", "NaN", "Infinity"];
                var fields = seal.Split('*');
                var original = fields[5];
                fields[5] = r.Next(4) == 0
                    ? (long.Parse(original, CultureInfo.InvariantCulture) + r.Next(1, 1_000_000_000)).ToString(CultureInfo.InvariantCulture)
                    : expiries[r.Next(expiries.Length)];
                return Not(string.Join('*', fields));
            }

            case "expired":
                return Not(expired[k]);

            case "empty-fields":
            {
                string[] whole = ["", "~2", "*******~2", "Fe26.2*******~2", "Fe26.2*1******~2", "*", "~"];
                if (r.Next(4) == 0)
                {
                    return Not(whole[r.Next(whole.Length)]);
                }

                var fields = seal[..^2].Split('*');
                var emptied = r.Next(1, 4);
                for (var e = 0; e < emptied; e++)
                {
                    fields[r.Next(fields.Length)] = string.Empty;
                }

                return Not(string.Join('*', fields) + "~2");
            }

            case "non-ascii":
            {
                string[] inserts = ["é", "✓", "日本", "😀", "\u00A0", "\uFFFD", "\u200B", "Ω", "ß", "\u0301", "Ａ", "\u202E"];
                var at = r.Next(seal.Length + 1);
                var text = inserts[r.Next(inserts.Length)];
                return Not(r.Next(2) == 0 ? seal.Insert(at, text) : seal.Remove(Math.Min(at, seal.Length - 1), 1).Insert(Math.Min(at, seal.Length - 1), text));
            }

            case "10kb":
            {
                var size = r.Next(10) == 0 ? 40 * 1024 : 10 * 1024;
                var filler = new string((char)('A' + r.Next(26)), size);
                return Not(r.Next(3) switch
                {
                    0 => seal + filler,
                    1 => seal.Replace("*", "*" + filler[..(size / 8)], StringComparison.Ordinal),
                    _ => Convert.ToBase64String(RandomBytes(r, size * 3 / 4)),
                });
            }

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

            case "wrong-password":
                return Not(otherPassword[k]);

            case "unknown-password-id":
                return Not(otherId[k]);

            case "spliced":
            {
                var k2 = (k + 1 + r.Next(users.Length - 1)) % users.Length;
                var a = seal[..^2].Split('*');
                var b = valid[k2][..^2].Split('*');
                switch (r.Next(4))
                {
                    case 0: a[4] = b[4]; break;                                  // another user's ciphertext
                    case 1: a[6] = b[6]; a[7] = b[7]; break;                     // another seal's MAC
                    case 2: a[2] = b[2]; a[3] = b[3]; a[4] = b[4]; break;        // another seal's whole encryption
                    default: a[5] = b[5] != a[5] ? b[5] : (long.Parse(b[5], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture); break; // another expiry
                }

                return Not(string.Join('*', a) + "~2");
            }

            case "version-suffix":
            {
                var body = seal[..^2];
                string[] endings = ["", "~1", "~3", "~", "~02", "~2~2", "~2x", "~~2", "~二", "~2%00"];
                return Not(body + endings[r.Next(endings.Length)]);
            }

            case "cookie-syntax":
            {
                switch (r.Next(10))
                {
                    case 0: return new(kind, $"{Name}=\"{seal}\"", Expect.MayLogIn, [user]);
                    case 1: return new(kind, $"{Name}= {seal} ", Expect.MayLogIn, [user]);
                    case 2: return new(kind, $"{Name.ToUpperInvariant()}={seal}", Expect.MayLogIn, [user]);
                    case 3: return new(kind, $"{Name} ={seal}", Expect.MayLogIn, [user]);
                    case 4: return new(kind, $"a=b; {Pair(seal)}; c=d", Expect.MustLogIn, [user]);
                    case 5: return new(kind, $"{Pair(seal)},other=1", Expect.MayLogIn, [user]);
                    case 6: return new(kind, $"{Name}x={seal}", Expect.MustNotLogIn, []);
                    case 7: return new(kind, $"x{Name}={seal}", Expect.MustNotLogIn, []);
                    case 8: return new(kind, Name, Expect.MustNotLogIn, []);
                    default: return new(kind, $"={seal}", Expect.MustNotLogIn, []);
                }
            }

            case "other-cookies-only":
                return new(kind, r.Next(3) == 0 ? null : $"session={seal}; auth={seal}; {Name}_old={seal}", Expect.MustNotLogIn, []);

            default:
                throw new InvalidOperationException(kind);
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

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
