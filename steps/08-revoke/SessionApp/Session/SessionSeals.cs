using System.Text.Json;
using IronSealing;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace SessionApp.Session;

/// <summary>
/// What goes inside the seal: the session JSON, shaped as iron-session stores it (<c>{"user":{...}}</c>), sealed and
/// opened with the sealing library. It remembers seals it has already verified, keyed by their exact text, with the
/// user parsed from them, so a browser's next request skips the cryptography and the JSON: only seals that passed the
/// MAC and hold a user get in, and expiry is checked on every use. The memory it may hold is
/// <see cref="IronSessionOptions.SealCacheBytes"/>, counted in bytes, so long seals and long names cannot make it grow
/// past the limit; when full, the cache evicts the least recently used seals, and each seal leaves at its expiry.
/// </summary>
public sealed class SessionSeals(IronSealer sealer, IOptions<IronSessionOptions> options, TimeProvider time) : IDisposable
{
    /// <summary>How the session is written: camelCase, as iron-session's JavaScript reads it.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Keyed by the seal's exact text (string keys compare ordinally); null when Session:SealCacheBytes is 0.
    private readonly MemoryCache? _verified = CreateCache(options.Value.SealCacheBytes);

    /// <summary>What <see cref="Open"/> found: the session, or why there is none.</summary>
    public readonly record struct Opened(SessionState? Session, SessionRejection? Reason);

    /// <summary>The cache's estimated size in bytes: what <see cref="IronSessionOptions.SealCacheBytes"/> bounds. 0 when the cache is off.</summary>
    public long CacheSizeBytes
    {
        get
        {
            try
            {
                return _verified?.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;
            }
            catch (ObjectDisposedException)
            {
                // A metrics listener may ask once more while the app shuts down.
                return 0;
            }
        }
    }

    /// <summary>Seals the session for <paramref name="lifetime"/>: <see cref="IronSessionOptions.TimeToLive"/> at login, what is left of it later.</summary>
    public string Seal(SessionState session, TimeSpan lifetime)
    {
        return sealer.Seal(JsonSerializer.SerializeToUtf8Bytes(session.ToData(), Json), lifetime);
    }

    /// <summary>Opens a cookie's seal. Never throws for bad input: a cookie is whatever the browser sends.</summary>
    public Opened Open(string? seal)
    {
        if (seal is not null && _verified is not null && _verified.TryGetValue(seal, out SessionState? known) && known is not null)
        {
            // The cache lets a seal go at its expiry by its own clock; whether it still opens is the app's clock's call.
            return IsExpired(known.ExpiresAt)
                ? Refused(SessionMetrics.Reasons.Of(UnsealFailure.Expired), "the seal has expired")
                : new(known, null);
        }

        var opened = sealer.Unseal(seal);
        if (!opened.Success)
        {
            return Refused(SessionMetrics.Reasons.Of(opened.Failure), opened.Reason!);
        }

        // The same rules as the store route: a seal holds a user only if the route would have accepted it.
        using var json = SessionUser.Parse(opened.Json);
        if (json is null)
        {
            return Refused(SessionMetrics.Reasons.NotAUser, "the session is not a JSON object");
        }

        if (SessionState.From(json.RootElement, opened.ExpiresAt, out var problem, out var noUser) is not { } session)
        {
            return Refused(noUser ? SessionMetrics.Reasons.NoUser : SessionMetrics.Reasons.NotAUser, problem!);
        }

        Remember(seal!, session);
        return new(session, null);
    }

    // The library checked expiry already; a remembered seal is checked again on every use, with the same skew.
    private bool IsExpired(DateTimeOffset? expiresAt) =>
        expiresAt is { } at && at <= time.GetUtcNow() - IronSealer.ClockSkew;

    private static Opened Refused(string failure, string text) => new(null, new SessionRejection(failure, text));

    private void Remember(string seal, SessionState session)
    {
        if (_verified is null)
        {
            return;
        }

        // Committed when disposed. An entry that does not fit is not added, and the cache compacts itself in the
        // background to below the limit, dropping expired seals first, then the least recently used.
        using var entry = _verified.CreateEntry(seal);
        entry.Value = session;
        entry.Size = EstimatedBytes(seal, session);
        if (session.ExpiresAt is { } at)
        {
            entry.AbsoluteExpiration = at;
        }
    }

    /// <summary>
    /// What a cache entry keeps alive on a 64-bit runtime, in bytes: the seal (the key) and the user's strings, each a
    /// 22-byte header plus 2 bytes a character, rounded up to 8, plus <see cref="EntryOverheadBytes"/> for the objects
    /// around them.
    /// </summary>
    internal static long EstimatedBytes(string seal, SessionState session) =>
        EntryOverheadBytes + StringBytes(seal) + StringBytes(session.User.Username) + StringBytes(session.User.FullName)
        + StringBytes(session.User.AvatarUrl) + StringBytes(session.Id);

    /// <summary>
    /// The fixed part of an entry: the cache's entry object and its share of the cache's dictionary, and the
    /// <see cref="SessionState"/> and <see cref="SessionUser"/> records. Measured on .NET 10, x64: 263–264 bytes
    /// retained per entry beyond its strings (GC.GetTotalMemory around 20,000 short and 5,000 long entries) before the
    /// session state was added; its record (two references, three times, a version) adds 72. Those 264 included a small
    /// record that wrapped the user with its expiry, which the state now carries itself: the figure errs by that one
    /// object (about 40 bytes) on the safe side.
    /// </summary>
    internal const int EntryOverheadBytes = 336;

    private static long StringBytes(string? text) => text is null ? 0 : (22 + (2L * text.Length) + 7) & ~7L;

    private static MemoryCache? CreateCache(long bytes) =>
        bytes <= 0 ? null : new MemoryCache(new MemoryCacheOptions { SizeLimit = bytes, TrackStatistics = true });

    public void Dispose() => _verified?.Dispose();
}
