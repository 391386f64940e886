using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using IronSealing;

namespace Reliability;

/// <summary>The command line.</summary>
public sealed record Options(
    string Command, Uri Url, string Password, string CookieName, int Cookies, int Bodies, int Seconds, int Connections, int Seed, string? JsonPath)
{
    /// <summary>The app's default cookie name (SessionApp's IronSessionOptions.DefaultCookieName); run.sh passes its own explicitly.</summary>
    public const string DefaultCookieName = "workshop_auth";

    public static Options? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("cookies" or "bodies" or "load" or "all"))
        {
            return null;
        }

        var named = new Dictionary<string, string>();
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }

            named[args[i][2..]] = args[i + 1];
        }

        if (!named.TryGetValue("url", out var url) || !named.TryGetValue("password", out var password))
        {
            return null;
        }

        int Int(string name, int fallback) =>
            named.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        return new Options(args[0], new Uri(url), password, named.GetValueOrDefault("cookie-name", DefaultCookieName),
            Int("cookies", 120_000), Int("bodies", 20_000),
            Int("seconds", 60), Int("connections", 64), Int("seed", 20261128), named.GetValueOrDefault("json"));
    }

    /// <summary>One client for a whole run: no cookie handling of its own (each request sets its Cookie header).</summary>
    public HttpClient CreateClient(int connections) => new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        // Send non-ASCII cookie characters as raw UTF-8 bytes, as a careless or hostile client would.
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
    })
    {
        BaseAddress = Url,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A sealer with the app's password under id "1", as the app seals; the system clock unless <paramref name="time"/> is given.</summary>
    public IronSealer Sealer(TimeProvider? time = null) => new(Password, time);
}

/// <summary>Runs a report's cases, 16 at a time.</summary>
public static class Cases
{
    /// <summary>Runs cases 0 to <paramref name="count"/> − 1, 16 at a time, printing progress <paramref name="reports"/> times.</summary>
    public static async Task RunAsync(int count, int reports, Report report, Func<int, CancellationToken, Task> run)
    {
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            await run(i, ct);
            var n = Interlocked.Increment(ref done);
            if (n % Math.Max(1, count / reports) == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {n:N0} done, {report.Failures} lost or wrong"));
            }
        });
    }
}

/// <summary>What one run tried and what it lost, printed at the end and written as JSON.</summary>
public sealed class Report(string name)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Name { get; } = name;

    public long Tried { get; set; }

    /// <summary>Everything that counts against the app: 5xx, wrong logins, lost or mixed-up sessions, wrong answers.</summary>
    public long Failures { get; set; }

    public double Seconds { get; set; }

    /// <summary>Named counts (by kind, by status, by outcome).</summary>
    public SortedDictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    /// <summary>A few examples of each failure, to reproduce it.</summary>
    public List<string> Examples { get; } = [];

    [JsonIgnore]
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    private readonly Lock _lock = new();

    public void Count(string key, long by = 1)
    {
        lock (_lock)
        {
            Counts[key] = Counts.GetValueOrDefault(key) + by;
        }
    }

    public void Fail(string key, string example)
    {
        lock (_lock)
        {
            Failures++;
            Counts[key] = Counts.GetValueOrDefault(key) + 1;
            if (Examples.Count < 20)
            {
                Examples.Add(example.Length > 300 ? example[..300] + "…" : example);
            }
        }
    }

    public void AddTried()
    {
        lock (_lock)
        {
            Tried++;
        }
    }

    public void Finish(params string[] lines)
    {
        Seconds = Clock.Elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== {Name}: tried {Tried:N0} in {Seconds:F1} s; lost or wrong: {Failures:N0}"));
        foreach (var line in lines)
        {
            Console.WriteLine("   " + line);
        }

        foreach (var (key, value) in Counts)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {key,-44} {value,10:N0}"));
        }

        foreach (var example in Examples)
        {
            Console.WriteLine("   example: " + example);
        }
    }

    public static string Status(HttpStatusCode code) => ((int)code / 100) + "xx";
}

/// <summary>A user the load and cookie runs seal or store; equality is field by field, as the app answers it.</summary>
public sealed record User(long Id, string Username, string FullName, string? AvatarUrl)
{
    private static readonly JsonSerializerOptions Compact = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Json() => JsonSerializer.Serialize(this, Compact);

    public string SessionJson() => "{\"user\":" + Json() + "}";

    /// <summary>Null when the answer is this user; otherwise what differs.</summary>
    public string? Differs(JsonElement session)
    {
        if (!session.TryGetProperty("isLogin", out var isLogin) || isLogin.ValueKind != JsonValueKind.True)
        {
            return "not logged in";
        }

        var id = session.TryGetProperty("id", out var i) && i.TryGetInt64(out var n) ? n : -1;
        var username = session.TryGetProperty("username", out var u) ? u.GetString() : null;
        var fullName = session.TryGetProperty("fullName", out var f) ? f.GetString() : null;
        var avatarUrl = session.TryGetProperty("avatarUrl", out var a) ? a.GetString() : null;
        return id == Id && username == Username && fullName == FullName && avatarUrl == AvatarUrl
            ? null
            : $"expected {Json()}, got {session.GetRawText()}";
    }
}
