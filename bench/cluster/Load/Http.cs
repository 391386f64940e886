using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ClusterLoad;

/// <summary>One answer, or the lack of one (<see cref="Status"/> 0, <see cref="Error"/> says why).</summary>
public sealed record Answer(int Status, string Body, string? ContentType, string? SetCookie, string? Destination, double Started, double Ended, string? Error)
{
    /// <summary>The titles of the app's deliberate 503s: the revocation list could not be reached (or is full), or failed logins could not be counted.</summary>
    public static readonly string[] AppUnavailableTitles = ["Sessions unavailable", "Logout not recorded", "Logins unavailable"];

    /// <summary>A 503 the app gave on purpose: a ProblemDetails with one of its own titles.</summary>
    public bool IsAppUnavailable =>
        Status == 503 && ContentType is not null && ContentType.StartsWith("application/problem+json", StringComparison.Ordinal)
        && Title() is { } title && AppUnavailableTitles.Contains(title, StringComparer.Ordinal);

    /// <summary>The new cookie value the answer sets, or "" when it clears the cookie, or null when it sets none.</summary>
    public string? NewCookie(string name)
    {
        if (SetCookie is null)
        {
            return null;
        }

        var value = SetCookie.Split(';', 2)[0][(name.Length + 1)..];
        return value.Length == 0 || SetCookie.Contains("max-age=0", StringComparison.OrdinalIgnoreCase) ? string.Empty : value;
    }

    public string? Title()
    {
        try
        {
            using var json = JsonDocument.Parse(Body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("title", out var title)
                ? title.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A short description for an example line.</summary>
    public string Describe() =>
        Status == 0
            ? $"no answer ({Error})"
            : Text.Inv($"{Status}{(Destination is null ? string.Empty : $" from instance {Destination}")} {(Body.Length > 200 ? Body[..200] + "…" : Body)}");
}

/// <summary>What a read of <c>GET /api/session</c> said about a user.</summary>
public enum SessionSays
{
    /// <summary>Logged in as exactly this user.</summary>
    ThisUser,

    /// <summary><c>{"isLogin":false}</c>.</summary>
    NotLoggedIn,

    /// <summary>Logged in as someone else (or with fields that differ).</summary>
    AnotherUser,

    /// <summary>Not a session answer at all.</summary>
    NotASession,
}

/// <summary>The soak's HTTP: one client through the proxy, one straight at each instance; no cookie handling of its own.</summary>
public sealed class Http : IDisposable
{
    public const string DestinationHeader = "X-Cluster-Destination";

    private readonly HttpClient _proxy;
    private readonly HttpClient[] _instances;
    private readonly Tally _tally;
    private readonly string _cookieName;

    public Http(Options options, Tally tally)
    {
        _tally = tally;
        _cookieName = options.CookieName;
        _proxy = Client(options.Proxy, options.Connections + 16);
        _instances = [.. options.Instances.Select(u => Client(u, 32))];
    }

    public int InstanceCount => _instances.Length;

    public string CookieName => _cookieName;

    /// <summary>A request through the proxy.</summary>
    public Task<Answer> ProxyAsync(HttpMethod method, string path, string? cookie, string? json = null) =>
        SendAsync(_proxy, Tally.Series.Proxy, method, path, cookie, json);

    /// <summary>A request straight at instance <paramref name="instance"/> (1-based).</summary>
    public Task<Answer> DirectAsync(int instance, HttpMethod method, string path, string? cookie, string? json = null) =>
        SendAsync(_instances[instance - 1], Tally.Series.Direct, method, path, cookie, json);

    /// <summary>What a session answer says about <paramref name="user"/>.</summary>
    public static SessionSays Says(Answer answer, VirtualUser user)
    {
        if (answer.Status != 200)
        {
            return SessionSays.NotASession;
        }

        try
        {
            using var json = JsonDocument.Parse(answer.Body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("isLogin", out var isLogin))
            {
                return SessionSays.NotASession;
            }

            if (isLogin.ValueKind == JsonValueKind.False)
            {
                return root.EnumerateObject().Count() == 1 ? SessionSays.NotLoggedIn : SessionSays.NotASession;
            }

            var id = root.TryGetProperty("id", out var i) && i.TryGetInt64(out var n) ? n : -1;
            var username = root.TryGetProperty("username", out var u) ? u.GetString() : null;
            var fullName = root.TryGetProperty("fullName", out var f) ? f.GetString() : null;
            return isLogin.ValueKind == JsonValueKind.True && id == user.Id && username == user.Username && fullName == user.FullName
                ? SessionSays.ThisUser
                : SessionSays.AnotherUser;
        }
        catch (JsonException)
        {
            return SessionSays.NotASession;
        }
    }

    public void Dispose()
    {
        _proxy.Dispose();
        foreach (var client in _instances)
        {
            client.Dispose();
        }
    }

    private async Task<Answer> SendAsync(HttpClient client, Tally.Series channel, HttpMethod method, string path, string? cookie, string? json)
    {
        var started = _tally.Now;
        try
        {
            using var request = new HttpRequestMessage(method, path);
            if (cookie is not null)
            {
                request.Headers.TryAddWithoutValidation("Cookie", $"{_cookieName}={cookie}");
            }

            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }
            else if (method == HttpMethod.Post)
            {
                request.Content = new ByteArrayContent([]);
            }

            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var ended = _tally.Now;
            _tally.Request(channel, started, ended);
            var setCookie = response.Headers.TryGetValues("Set-Cookie", out var values)
                ? values.FirstOrDefault(v => v.StartsWith(_cookieName + "=", StringComparison.Ordinal))
                : null;
            var destination = response.Headers.TryGetValues(DestinationHeader, out var d) ? d.FirstOrDefault() : null;
            if (channel == Tally.Series.Proxy)
            {
                _tally.ServedBy(destination, ended);
            }

            return new Answer((int)response.StatusCode, body, response.Content.Headers.ContentType?.ToString(), setCookie, destination, started, ended, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            var ended = _tally.Now;
            _tally.Request(channel, started, ended);
            return new Answer(0, string.Empty, null, null, null, started, ended, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static HttpClient Client(Uri address, int connections) => new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = connections,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Accept = { new MediaTypeWithQualityHeaderValue("application/json") } },
    };
}
