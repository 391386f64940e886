using Microsoft.Extensions.Caching.Memory;

namespace IronSealing;

/// <summary>
/// The seals an <see cref="IronSealer"/> made with <see cref="IronSealer.WithVerifiedSealCache"/> has verified, keyed by
/// their exact text (string keys compare ordinally), with the caller's value of each. Bounded in estimated bytes.
/// </summary>
internal sealed class VerifiedSealCache(long sizeLimitBytes, TimeProvider time) : IDisposable
{
    /// <summary>
    /// The fixed part of an entry, beyond the seal's text and the value's strings: the cache's entry object and its
    /// share of the cache's dictionary, this cache's own record, and the caller's objects around their strings.
    /// Measured on .NET 10, x64, for the workshop app's session (GC.GetTotalMemory around 20,000 short and 5,000 long
    /// entries): 264 bytes for the cache's objects, and 72 for a session record and its user record; rounded up.
    /// </summary>
    internal const int EntryOverheadBytes = 336;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = sizeLimitBytes, TrackStatistics = true });

    /// <summary>One verified seal: the caller's value, and the seal's expiry.</summary>
    internal sealed record Entry(object Value, DateTimeOffset? ExpiresAt);

    /// <summary>The estimated bytes held now.</summary>
    public long SizeBytes
    {
        get
        {
            try
            {
                return _cache.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;
            }
            catch (ObjectDisposedException)
            {
                // A metrics listener may ask once more while the app shuts down.
                return 0;
            }
        }
    }

    /// <summary>The longest a verified seal is remembered, whatever its expiry.</summary>
    private static readonly TimeSpan MaxKeep = TimeSpan.FromDays(366);

    public bool TryGet(string seal, out Entry entry)
    {
        entry = null!;
        return _cache.TryGetValue(seal, out Entry? found) && (entry = found!) is not null;
    }

    /// <summary>
    /// Remembers a verified seal. An entry that does not fit is not added, and the cache compacts itself in the
    /// background to below its limit, dropping expired seals first, then the least recently used.
    /// </summary>
    public void Add(string seal, object value, DateTimeOffset? expiresAt, int jsonBytes)
    {
        using var entry = _cache.CreateEntry(seal);
        entry.Value = new Entry(value, expiresAt);
        // The value holds at most its JSON's text as strings: each UTF-8 byte is at most one UTF-16 character.
        entry.Size = EntryOverheadBytes + StringBytes(seal.Length) + StringBytes(jsonBytes);
        if (expiresAt is { } at)
        {
            // It leaves at its expiry by the sealer's clock (which tests move), told to the cache as a time from now.
            // At most a year: a seal may say it expires in year 9999, which the cache's own clock cannot add.
            var left = at - time.GetUtcNow();
            entry.AbsoluteExpirationRelativeToNow = left <= TimeSpan.Zero ? TimeSpan.FromTicks(1) : left < MaxKeep ? left : MaxKeep;
        }
    }

    // A string on a 64-bit runtime: a 22-byte header plus 2 bytes a character, rounded up to 8.
    private static long StringBytes(int characters) => (22 + (2L * characters) + 7) & ~7L;

    public void Dispose() => _cache.Dispose();
}
