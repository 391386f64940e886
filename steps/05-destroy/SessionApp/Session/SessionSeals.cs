using System.Collections.Concurrent;
using System.Text.Json;
using IronSealing;
using Microsoft.Extensions.Options;

namespace SessionApp.Session;

/// <summary>
/// What goes inside the seal: the session JSON, shaped as iron-session stores it (<c>{"user":{...}}</c>), sealed and
/// opened with the sealing library. It remembers seals it has already verified, keyed by their exact text, so a
/// browser's next request skips the cryptography; only seals that passed the MAC get in, and expiry is checked on
/// every use.
/// </summary>
public sealed class SessionSeals(IronSealer sealer, IOptions<IronSessionOptions> options, TimeProvider time)
{
    /// <summary>The rules for a user in both directions: what the store route accepts is what a read accepts.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        // The tutorial's id is a JSON number: "23" is not a user id.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    private readonly ConcurrentDictionary<string, (SessionUser User, DateTimeOffset? ExpiresAt)> _verified = new(StringComparer.Ordinal);

    /// <summary>What <see cref="Open"/> found: the user, or why there is none.</summary>
    public readonly record struct Opened(SessionUser? User, string? Reason);

    /// <summary>Seals the user for <see cref="IronSessionOptions.TimeToLive"/>.</summary>
    public string Seal(SessionUser user) =>
        sealer.Seal(JsonSerializer.SerializeToUtf8Bytes(new SessionData(user), Json), options.Value.TimeToLive);

    /// <summary>Opens a cookie's seal. Never throws for bad input: a cookie is whatever the browser sends.</summary>
    public Opened Open(string? seal)
    {
        if (seal is not null && _verified.TryGetValue(seal, out var known))
        {
            return IsExpired(known.ExpiresAt) ? new(null, "the seal has expired") : new(known.User, null);
        }

        var opened = sealer.Unseal(seal);
        if (!opened.Success)
        {
            return new(null, opened.Reason);
        }

        SessionData? data;
        try
        {
            data = JsonSerializer.Deserialize<SessionData>(opened.Json.Span, Json);
        }
        catch (JsonException e)
        {
            return new(null, "the session is not a user: " + e.Message);
        }

        if (data?.User is not { } user)
        {
            return new(null, "the session holds no user");
        }

        Remember(seal!, user, opened.ExpiresAt);
        return new(user, null);
    }

    // The library checked expiry already; a remembered seal is checked again on every use, with the same skew.
    private bool IsExpired(DateTimeOffset? expiresAt) =>
        expiresAt is { } at && at <= time.GetUtcNow() - IronSealer.ClockSkew;

    private void Remember(string seal, SessionUser user, DateTimeOffset? expiresAt)
    {
        var size = options.Value.OpenedSealCacheSize;
        if (size == 0)
        {
            return;
        }

        // Bounded the simplest way: when full, start again. Sessions in use come back on their next request.
        if (_verified.Count >= size)
        {
            _verified.Clear();
        }

        _verified.TryAdd(seal, (user, expiresAt));
    }
}
