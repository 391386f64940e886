using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Reliability;

/// <summary>
/// POST /api/session/store with generated bodies, over real HTTP. The rules: never a 5xx; a body that is not a valid
/// user (malformed JSON, wrong types, deep nesting, huge strings, wrong content type, wrong method) gets a 4xx
/// ProblemDetails (application/problem+json whose "status" is the status) and no Set-Cookie; the few valid users
/// mixed in get 200, {} and the session cookie.
/// </summary>
public static class BodyAbuse
{
    private const string Path = "/api/session/store";

    private enum Expect
    {
        Problem,
        Stored,

        /// <summary>Either answer is sound (e.g. a charset the app may or may not accept); a 5xx or a half answer is not.</summary>
        Either,
    }

    private sealed record Case(string Kind, HttpMethod Method, string? ContentType, byte[] Body, bool Chunked, Expect Expect);

    private static readonly string[] Kinds =
    [
        "valid", "truncated", "malformed", "wrong-type", "wrong-type", "missing-field", "not-an-object", "deep-nesting",
        "huge-string", "huge-body", "invalid-utf8", "wrong-content-type", "wrong-method", "chunked",
    ];

    public static async Task<Report> RunAsync(Options options)
    {
        var report = new Report("body abuse");
        using var client = options.CreateClient(16);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"body abuse: {options.Bodies:N0} generated bodies against POST {options.Url}api/session/store ({Kinds.Distinct().Count()} kinds, 16 at a time)"));

        await Cases.RunAsync(options.Bodies, 5, report, (i, ct) =>
        {
            var random = new Random(unchecked((options.Seed * 7_919) + i));
            return CheckAsync(client, options.CookieName, Generate(Kinds[i % Kinds.Length], random, i), report, i, ct);
        });

        report.Finish(
            "Rules: no 5xx; a bad body gets a 4xx ProblemDetails and no Set-Cookie; a valid user gets 200, {} and the cookie.",
            "Counts: kind/<kind> = bodies tried; outcome/<status> = what the app answered.");
        return report;
    }

    private static async Task CheckAsync(HttpClient client, string cookieName, Case c, Report report, int index, CancellationToken ct)
    {
        report.AddTried();
        report.Count($"kind/{c.Kind}");
        var preview = Encoding.UTF8.GetString(c.Body.AsSpan(0, Math.Min(c.Body.Length, 120)));
        var what = $"#{index} {c.Kind}: {c.Method} {c.ContentType ?? "(no content type)"} {c.Body.Length} bytes{(c.Chunked ? " chunked" : string.Empty)}: {preview}";

        using var request = new HttpRequestMessage(c.Method, Path);
        if (c.Method != HttpMethod.Get)
        {
            HttpContent content = c.Chunked ? new StreamContent(new UnknownLengthStream(c.Body)) : new ByteArrayContent(c.Body);
            if (c.ContentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
            }

            request.Content = content;
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
            report.Count($"outcome/{status}");
            var setsCookie = response.Headers.TryGetValues("Set-Cookie", out var cookies)
                && cookies.Any(v => v.StartsWith(cookieName + "=Fe26.2", StringComparison.Ordinal));
            var body = await response.Content.ReadAsStringAsync(ct);
            if (status >= 500)
            {
                report.Fail("FAIL/5xx", $"{what} -> {status} {body}");
                return;
            }

            var stored = status == 200 && setsCookie && body == "{}";
            var problem = status is >= 400 and < 500 && !setsCookie && IsProblem(response, body, status);
            var sound = c.Expect switch
            {
                Expect.Stored => stored,
                Expect.Problem => problem,
                _ => stored || problem,
            };
            if (!sound)
            {
                report.Fail($"FAIL/expected {(c.Expect == Expect.Stored ? "200 + cookie" : c.Expect == Expect.Problem ? "4xx problem, no cookie" : "either")}",
                    $"{what} -> {status} {response.Content.Headers.ContentType} cookie={setsCookie} {body}");
            }
        }
    }

    private static bool IsProblem(HttpResponseMessage response, string body, int status)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("status", out var s) && s.TryGetInt32(out var n) && n == status
                && doc.RootElement.TryGetProperty("title", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static readonly string[] BadIds = ["\"23\"", "true", "null", "[]", "{}", "1.5", "1e400", "-1", "9223372036854775808", "\"\"", "23n", "0x17", "NaN", "--1", "1e2"];
    private static readonly string[] BadStrings = ["23", "null", "[]", "{}", "true", "\"\"", "\"   \"", "\"\\t\\n\"", "[\"tvy\"]", "{\"a\":1}"];
    private static readonly string[] BadAvatars = ["23", "[]", "{}", "true", "[\"a.png\"]", "{\"url\":\"a\"}"];
    private static readonly string[] WrongContentTypes =
    [
        "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
        "application/octet-stream", "application/jsonx", "image/png", "text/html", "json", "application/",
    ];

    private static Case Generate(string kind, Random r, int i)
    {
        var user = UserJson(r, i);
        var json = "application/json";
        Case Bad(string body, string? type = "application/json") => new(kind, HttpMethod.Post, type, Encoding.UTF8.GetBytes(body), false, Expect.Problem);

        switch (kind)
        {
            case "valid":
                return new(kind, HttpMethod.Post, r.Next(2) == 0 ? json : "application/json; charset=utf-8", Encoding.UTF8.GetBytes(user), false, Expect.Stored);

            case "truncated":
                return Bad(user[..r.Next(user.Length)]);

            case "malformed":
            {
                string[] ways =
                [
                    user + "x", user + "}", user[..^1] + ",}", user.Replace("\"", "'", StringComparison.Ordinal),
                    user.Replace("\"id\"", "id", StringComparison.Ordinal), user.Insert(1, "/* c */"),
                    user.Replace(":", string.Empty, StringComparison.Ordinal), user.Replace(",", " ", StringComparison.Ordinal),
                    user.Replace("\"tvy", "\"tv\u0001y", StringComparison.Ordinal), user.Replace("\"username\":\"", "\"username\":\"\\x", StringComparison.Ordinal),
                    user + user, "{" + user, user.Replace("}", string.Empty, StringComparison.Ordinal), user[..^1],
                    user.Replace(":", "=", StringComparison.Ordinal),
                ];
                return Bad(ways[r.Next(ways.Length)]);
            }

            case "wrong-type":
            {
                var field = r.Next(4);
                return Bad(field switch
                {
                    0 => $"{{\"id\":{BadIds[r.Next(BadIds.Length)]},\"username\":\"tvy\",\"fullName\":\"tvydev\"}}",
                    1 => $"{{\"id\":23,\"username\":{BadStrings[r.Next(BadStrings.Length)]},\"fullName\":\"tvydev\"}}",
                    2 => $"{{\"id\":23,\"username\":\"tvy\",\"fullName\":{BadStrings[r.Next(BadStrings.Length)]}}}",
                    _ => $"{{\"id\":23,\"username\":\"tvy\",\"fullName\":\"tvydev\",\"avatarUrl\":{BadAvatars[r.Next(BadAvatars.Length)]}}}",
                });
            }

            case "missing-field":
            {
                string[] ways =
                [
                    """{"username":"tvy","fullName":"tvydev"}""", """{"id":23,"fullName":"tvydev"}""", """{"id":23,"username":"tvy"}""",
                    """{"avatarUrl":"some_url.com"}""", "{}", """{"user":{"id":23,"username":"tvy","fullName":"tvydev"}}""",
                ];
                return Bad(ways[r.Next(ways.Length)]);
            }

            case "not-an-object":
            {
                string[] ways = ["null", "[]", "\"tvy\"", "42", "true", "", " ", "[" + user + "]", "\"" + user.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""];
                return Bad(ways[r.Next(ways.Length)]);
            }

            case "deep-nesting":
            {
                var depth = r.Next(65, 9_000);
                var open = r.Next(2) == 0 ? "[" : "{\"a\":";
                var close = open == "[" ? "]" : "}";
                var deep = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
                return Bad(r.Next(3) switch
                {
                    0 => deep,
                    1 => $"{{\"id\":23,\"username\":{deep},\"fullName\":\"tvydev\"}}",
                    _ => $"{{\"id\":23,\"username\":\"tvy\",\"fullName\":\"tvydev\",\"extra\":{deep}}}",
                });
            }

            case "huge-string":
            {
                // 4,000+ characters make a cookie over 4096 bytes (400); over 16 KiB the body itself is refused (413).
                var length = r.Next(3) == 0 ? r.Next(17_000, 1_000_000) : r.Next(4_000, 16_000);
                var big = new string((char)('a' + r.Next(26)), length);
                return Bad(r.Next(4) switch
                {
                    0 => $"{{\"id\":23,\"username\":\"{big}\",\"fullName\":\"tvydev\"}}",
                    1 => $"{{\"id\":23,\"username\":\"tvy\",\"fullName\":\"{big}\"}}",
                    2 => $"{{\"id\":23,\"username\":\"tvy\",\"fullName\":\"tvydev\",\"avatarUrl\":\"{big}\"}}",
                    _ => $"{{\"id\":{new string('9', Math.Min(length, 50_000))},\"username\":\"tvy\",\"fullName\":\"tvydev\"}}",
                });
            }

            case "huge-body":
            {
                var size = r.Next(3) switch { 0 => 1024 * 1024, 1 => 64 * 1024, _ => 16 * 1024 + 1 };
                var filler = new string(' ', size - user.Length);
                return r.Next(2) == 0 ? Bad(user + filler) : Bad(filler + user);
            }

            case "invalid-utf8":
            {
                byte[][] bad = [[0xFF], [0xFE, 0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82]];
                var bytes = Encoding.UTF8.GetBytes(user).ToList();
                var at = user.IndexOf("\"tvy", StringComparison.Ordinal) + 2;
                bytes.InsertRange(at, bad[r.Next(bad.Length)]);
                return new(kind, HttpMethod.Post, json, [.. bytes], false, Expect.Problem);
            }

            case "wrong-content-type":
            {
                if (r.Next(6) == 0)
                {
                    return Bad("id=23&username=tvy&fullName=tvydev", "application/x-www-form-urlencoded");
                }

                return r.Next(5) == 0
                    ? new(kind, HttpMethod.Post, null, Encoding.UTF8.GetBytes(user), false, Expect.Problem)
                    : Bad(user, WrongContentTypes[r.Next(WrongContentTypes.Length)]);
            }

            case "wrong-method":
            {
                HttpMethod[] methods = [HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch];
                var method = methods[r.Next(methods.Length)];
                return new(kind, method, method == HttpMethod.Get ? null : json, method == HttpMethod.Get ? [] : Encoding.UTF8.GetBytes(user), false, Expect.Problem);
            }

            case "chunked":
            {
                // No Content-Length: a valid user in chunks is stored; more than 16 KiB in chunks is refused.
                if (r.Next(2) == 0)
                {
                    return new(kind, HttpMethod.Post, json, Encoding.UTF8.GetBytes(user), true, Expect.Stored);
                }

                var big = new string('x', r.Next(17_000, 200_000));
                return new(kind, HttpMethod.Post, json, Encoding.UTF8.GetBytes($"{{\"id\":23,\"username\":\"{big}\",\"fullName\":\"tvydev\"}}"), true, Expect.Problem);
            }

            default:
                throw new InvalidOperationException(kind);
        }
    }

    private static string UserJson(Random r, int i) => new User(
        r.Next(0, int.MaxValue), $"tvy{i}", $"tvydev {i}", r.Next(2) == 0 ? "some_url.com" : null).Json();

    /// <summary>A body stream without a known length, so HttpClient sends it chunked, in small pieces.</summary>
    private sealed class UnknownLengthStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 4096), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
