using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;

namespace SessionApp.Revocation;

/// <summary>
/// The revocation list in this process's memory (one instance, <c>Session:SingleInstance</c>), bounded by an estimate of
/// the bytes it really holds (<see cref="RevocationOptions.RevocationMemoryBytes"/>). The framework's MemoryDistributedCache
/// counts an entry's value only, one byte for a revoked id that costs some 680, so its limit bounded nothing. Nothing
/// here is evicted early: a revocation forgotten before its seal expires would bring a logged-out cookie back. When
/// full, a new entry is refused (<see cref="RevocationListFullException"/>: that logout answers 503, the browser's cookie
/// is still cleared) and reads go on as before; entries leave when their seals could no longer open.
/// </summary>
public sealed partial class InMemoryRevocations(long limitBytes, TimeProvider time, ILogger<InMemoryRevocations> logger) : IDistributedCache, IDisposable
{
    /// <summary>What one entry costs besides its key's characters and its value: the cache's entry and its bookkeeping (a review measured about 680 bytes a logout in all, key included).</summary>
    public const int EntryOverheadBytes = 600;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = limitBytes });
    private int _full;

    public byte[]? Get(string key) => _cache.TryGetValue(key, out byte[]? value) ? value : null;

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Task.FromResult(Get(key));

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        var now = time.GetUtcNow();
        var until = options.AbsoluteExpiration ?? (options.AbsoluteExpirationRelativeToNow is { } relative ? now + relative : (DateTimeOffset?)null);
        using (var entry = _cache.CreateEntry(key))
        {
            entry.Value = value;
            entry.Size = EntryOverheadBytes + (2L * key.Length) + value.Length;
            entry.Priority = CacheItemPriority.NeverRemove;
            if (until is { } at)
            {
                // Relative to now by the app's clock (tests move it), as Redis would count from its own.
                entry.AbsoluteExpirationRelativeToNow = at > now ? at - now : TimeSpan.FromTicks(1);
            }
        }

        // MemoryCache drops an entry that would pass its size limit, silently: check that it is there.
        if (!_cache.TryGetValue(key, out _))
        {
            if (Interlocked.Exchange(ref _full, 1) == 0)
            {
                LogFull(logger, limitBytes);
            }

            throw new RevocationListFullException($"The in-memory revocation list is full ({limitBytes} bytes, Session:RevocationMemoryBytes); it makes room as revoked seals expire.");
        }

        Interlocked.Exchange(ref _full, 0);
    }

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        Set(key, value, options);
        return Task.CompletedTask;
    }

    public void Refresh(string key)
    {
    }

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public void Remove(string key) => _cache.Remove(key);

    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        Remove(key);
        return Task.CompletedTask;
    }

    public void Dispose() => _cache.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The in-memory revocation list is full ({LimitBytes} bytes): logouts answer 503 until revoked seals expire. Raise Session:RevocationMemoryBytes, or keep the list in Redis (Session:Redis).")]
    private static partial void LogFull(ILogger logger, long limitBytes);
}

/// <summary>The in-memory revocation list has no room for another entry: the logout cannot be recorded.</summary>
public sealed class RevocationListFullException(string message) : Exception(message);
