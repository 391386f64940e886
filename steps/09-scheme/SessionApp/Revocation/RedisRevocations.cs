using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace SessionApp.Revocation;

/// <summary>
/// The revocation list in Redis (through the framework's <c>RedisCache</c>), with a copy in this instance's memory
/// that answers every read. Each write goes to Redis first and is then published on <see cref="Channel"/>; every
/// instance applies what it hears to its copy, so a logout acknowledged anywhere is refused everywhere within
/// milliseconds, and a read never waits for Redis.
/// </summary>
/// <remarks>
/// <para>The copy is trusted only while it is known to be current. It is not at start, and not from the moment a
/// connection to Redis fails (messages may have been missed) until it has been loaded again: the subscription is
/// proved live by a marker sent through the channel, then every key is read from Redis, and what arrived during the
/// load is applied after it. Until then a read throws <see cref="RevocationCopyNotCurrentException"/>, which
/// <see cref="SessionRevocation"/> treats as an outage: the session counts as logged out (fail closed).</para>
/// <para>The copy is bounded (<see cref="RevocationOptions.RevocationMemoryBytes"/>, by an estimate of each entry's
/// cost). When full it keeps what it has and asks Redis about the rest, until expired entries make room and a new load
/// completes it. Redis stays the source of truth: a Redis that comes back empty has forgotten every logout, and so
/// does every copy when it loads from it.</para>
/// </remarks>
public sealed partial class RedisRevocations : IDistributedCache, IDisposable
{
    /// <summary>The pub/sub channel every instance's writes are published on.</summary>
    public const string Channel = "SessionApp:revocations";

    /// <summary>The prefix <c>RedisCache</c> puts before each key (its InstanceName): the list's own, so a load reads only its keys.</summary>
    public const string KeyPrefix = "SessionApp:revocations:";

    /// <summary>What one entry costs in memory beyond its key and value: the dictionary's node, the entry, the array.</summary>
    private const int EntryOverhead = 120;

    private readonly IDistributedCache _redis;
    private readonly IConnectionMultiplexer _connection;
    private readonly long _capacity;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisRevocations> _logger;
    private readonly RedisChannel _channel = RedisChannel.Literal(Channel);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _reloadRequested = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _sweep;

    private ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _bytes;
    private volatile bool _trusted;
    private volatile bool _complete = true;
    private int _failures;
    private List<string>? _heardDuringLoad;
    private (string Marker, TaskCompletionSource Heard)? _waitingFor;
    private Task? _loop;

    public RedisRevocations(IDistributedCache redis, IConnectionMultiplexer connection, long capacityBytes, TimeProvider time, ILogger<RedisRevocations> logger)
    {
        _redis = redis;
        _connection = connection;
        _capacity = capacityBytes;
        _time = time;
        _logger = logger;
        _connection.ConnectionFailed += OnConnectionFailed;
        _connection.ConnectionRestored += OnConnectionRestored;
        _sweep = time.CreateTimer(_ => Sweep(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    /// <summary>Whether reads are answered from the copy: it is known to be current.</summary>
    public bool IsCurrent => _trusted;

    /// <summary>How many entries the copy holds.</summary>
    public int Count => _entries.Count;

    /// <summary>Starts listening and loading; returns at once (the app starts even while Redis is away).</summary>
    public void Start()
    {
        _loop ??= Task.Run(() => KeepCurrentAsync(_stopping.Token));
        RequestReload();
    }

    /// <summary>Waits until the copy is current, or the time is up.</summary>
    public async Task WaitUntilCurrentAsync(TimeSpan atMost, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew(); // real time: a test's clock may stand still
        while (!_trusted && waited.Elapsed < atMost)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    // Every read asks twice (revoked? ended?) and nearly always hears "no": that answer allocates nothing.
    private static readonly Task<byte[]?> Absent = Task.FromResult<byte[]?>(null);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        if (!_trusted)
        {
            return Task.FromException<byte[]?>(new RevocationCopyNotCurrentException());
        }

        if (_entries.TryGetValue(key, out var entry))
        {
            return entry.ExpiresAt > _time.GetUtcNow() ? Task.FromResult<byte[]?>(entry.Value) : Absent;
        }

        // A complete copy knows every key: one it does not hold is not in Redis. A full one asks.
        return _complete ? Absent : _redis.GetAsync(key, token);
    }

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        var expiresAt = options.AbsoluteExpiration
            ?? (options.AbsoluteExpirationRelativeToNow is { } relative ? _time.GetUtcNow() + relative
                : throw new NotSupportedException("The revocation list keeps entries until an absolute expiry; sliding expiry is not supported."));

        await _redis.SetAsync(key, value, options, token);
        var message = $"S|{expiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}|{Convert.ToBase64String(value)}|{key}";
        await _connection.GetSubscriber().PublishAsync(_channel, message);
        Heard(message); // this instance's own reads see it at once, without waiting for the echo
    }

    public async Task RemoveAsync(string key, CancellationToken token = default)
    {
        await _redis.RemoveAsync(key, token);
        var message = $"D|{key}";
        await _connection.GetSubscriber().PublishAsync(_channel, message);
        Heard(message);
    }

    public Task RefreshAsync(string key, CancellationToken token = default) => _redis.RefreshAsync(key, token);

    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public void Refresh(string key) => _redis.Refresh(key);

    public void Dispose()
    {
        _connection.ConnectionFailed -= OnConnectionFailed;
        _connection.ConnectionRestored -= OnConnectionRestored;
        _stopping.Cancel();
        _sweep.Dispose();
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        // Whatever was published while this connection was down never arrives: stop trusting the copy now (and a load
        // under way when it failed proves nothing).
        Interlocked.Increment(ref _failures);
        _trusted = false;
        LogNotCurrent(_logger, e.ConnectionType, e.FailureType);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => RequestReload();

    /// <summary>Asks for a load; <paramref name="distrust"/>: the copy may have missed writes, so reads fail closed until then.</summary>
    private void RequestReload(bool distrust = true)
    {
        if (distrust)
        {
            _trusted = false;
        }

        try
        {
            _reloadRequested.Release();
        }
        catch (SemaphoreFullException)
        {
            // A reload is already due.
        }
    }

    private async Task KeepCurrentAsync(CancellationToken stopping)
    {
        var subscribed = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _reloadRequested.WaitAsync(stopping);
                if (!subscribed)
                {
                    // Messages are handled one at a time, in the order Redis sent them, on a thread of their own: the
                    // queue's own OnMessage runs on the thread pool, where a busy instance's requests can hold a
                    // message back for a few hundred milliseconds (seen in the cluster soak, at 2 cores and full load).
                    var queue = await _connection.GetSubscriber().SubscribeAsync(_channel);
                    new Thread(() => Drain(queue, stopping)) { IsBackground = true, Name = "revocation channel" }.Start();
                    subscribed = true;
                }

                await LoadAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Redis is away or slow (or anything else went wrong): stay untrusted, and try again shortly (also on
                // ConnectionRestored). The loop never ends while the app runs: the copy must come back.
                var reason = $"{e.GetType().Name}: {e.Message}";
                LogLoadFailed(_logger, reason);
                _ = RetryLaterAsync(stopping);
            }
        }
    }

    /// <summary>Applies the channel's messages as they come, on this thread: a look every millisecond costs next to nothing.</summary>
    private void Drain(ChannelMessageQueue queue, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested && !queue.Completion.IsCompleted)
        {
            while (queue.TryRead(out var message))
            {
                Heard(message.Message.ToString());
            }

            Thread.Sleep(1);
        }
    }

    private async Task RetryLaterAsync(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), stopping); // real time, whatever the app's clock says
            RequestReload(distrust: false); // a retry changes nothing about what the copy may have missed
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Loads the whole list from Redis, once the subscription is proved live; then trusts the copy.</summary>
    private async Task LoadAsync(CancellationToken stopping)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var failuresBefore = Volatile.Read(ref _failures);
        var marker = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _heardDuringLoad = [];
            _waitingFor = (marker, heard);
        }

        // 1. The subscription is live: a marker sent through the channel came back. Everything published after this
        //    point reaches the copy; what was published before it is in Redis, read next.
        await _connection.GetSubscriber().PublishAsync(_channel, $"M|{marker}");
        await heard.Task.WaitAsync(TimeSpan.FromSeconds(2), stopping); // real time: a test's clock may stand still

        // 2. Every key, with its value and when it expires.
        var fresh = new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);
        long bytes = 0;
        var complete = true;
        var now = _time.GetUtcNow();
        var database = _connection.GetDatabase();
        foreach (var server in _connection.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            var batch = new List<string>(256);
            await foreach (var redisKey in server.KeysAsync(database.Database, KeyPrefix + "*", pageSize: 1000).WithCancellation(stopping))
            {
                batch.Add(redisKey.ToString());
                if (batch.Count == batch.Capacity)
                {
                    (bytes, complete) = await ReadAsync(batch, fresh, bytes, complete, database, now, stopping);
                    batch.Clear();
                }
            }

            (bytes, complete) = await ReadAsync(batch, fresh, bytes, complete, database, now, stopping);
        }

        // 3. What arrived during the load is newer than what was read: apply it on top, then trust the copy.
        lock (_gate)
        {
            if (_waitingFor?.Marker != marker)
            {
                return; // a newer load started meanwhile
            }

            if (Volatile.Read(ref _failures) != failuresBefore)
            {
                // A connection failed during the load: what was heard may have gaps. Load again.
                _heardDuringLoad = null;
                _waitingFor = null;
                RequestReload();
                return;
            }

            _entries = fresh;
            _bytes = bytes;
            _complete = complete;
            foreach (var message in _heardDuringLoad!)
            {
                Apply(message);
            }

            _heardDuringLoad = null;
            _waitingFor = null;
            _trusted = true;
        }

        var milliseconds = started.ElapsedMilliseconds;
        var full = complete ? "" : " (full: Redis answers about the rest)";
        LogLoaded(_logger, fresh.Count, full, milliseconds);
    }

    private async Task<(long Bytes, bool Complete)> ReadAsync(
        List<string> redisKeys, ConcurrentDictionary<string, Entry> into, long bytes, bool complete, IDatabase database, DateTimeOffset now, CancellationToken stopping)
    {
        // Values through RedisCache (its own format), expiries from Redis: all of the batch in flight at once.
        var reads = redisKeys.Select(k => (Key: k[KeyPrefix.Length..], Value: _redis.GetAsync(k[KeyPrefix.Length..], stopping), Ttl: database.KeyTimeToLiveAsync(k))).ToList();
        foreach (var (key, value, ttl) in reads)
        {
            if (await value is not { } bytesOfValue || await ttl is not { } left)
            {
                continue; // expired meanwhile, or kept for ever (not an entry of ours)
            }

            var cost = Cost(key, bytesOfValue);
            if (bytes + cost > _capacity)
            {
                complete = false;
                continue;
            }

            into[key] = new Entry(bytesOfValue, now + left);
            bytes += cost;
        }

        return (bytes, complete);
    }

    /// <summary>A message from the channel (or this instance's own write): applied, and kept if a load is running.</summary>
    private void Heard(string message)
    {
        lock (_gate)
        {
            if (message.StartsWith("M|", StringComparison.Ordinal))
            {
                if (_waitingFor is { } waiting && message.AsSpan(2).SequenceEqual(waiting.Marker))
                {
                    waiting.Heard.TrySetResult();
                }

                return;
            }

            Apply(message);
            _heardDuringLoad?.Add(message);
        }
    }

    /// <summary>Applies one write to the copy. Called under the gate.</summary>
    private void Apply(string message)
    {
        if (message.StartsWith("D|", StringComparison.Ordinal))
        {
            if (_entries.TryRemove(message[2..], out var removed))
            {
                _bytes -= Cost(message[2..], removed.Value);
            }

            return;
        }

        // S|expires-ms|base64|key (the key last: it may hold '|').
        var parts = message.Split('|', 4);
        if (parts is not ["S", var expires, var value, var key] || !long.TryParse(expires, CultureInfo.InvariantCulture, out var ms))
        {
            var length = message.Length;
            LogStrangeMessage(_logger, length);
            return;
        }

        var entry = new Entry(Convert.FromBase64String(value), DateTimeOffset.FromUnixTimeMilliseconds(ms));
        var cost = Cost(key, entry.Value);
        if (_entries.TryGetValue(key, out var old))
        {
            _bytes -= Cost(key, old.Value);
        }
        else if (_bytes + cost > _capacity)
        {
            _complete = false; // full: Redis answers about the keys it does not hold
            return;
        }

        _entries[key] = entry;
        _bytes += cost;
    }

    private void Sweep()
    {
        var now = _time.GetUtcNow();
        bool reload;
        lock (_gate)
        {
            foreach (var (key, entry) in _entries)
            {
                if (entry.ExpiresAt <= now && _entries.TryRemove(key, out _))
                {
                    _bytes -= Cost(key, entry.Value);
                }
            }

            // A full copy that has room again loads everything, to be complete again. It stays trusted meanwhile: it
            // missed nothing, it only holds less (and asks Redis about the rest).
            reload = !_complete && _bytes < _capacity / 2;
        }

        if (reload)
        {
            RequestReload(distrust: false);
        }
    }

    private static long Cost(string key, byte[] value) => (key.Length * 2) + value.Length + EntryOverhead;

    private sealed record Entry(byte[] Value, DateTimeOffset ExpiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "The revocation list's copy in memory is loaded: {Count} entries{Full}, in {Milliseconds} ms; reads are answered from it.")]
    private static partial void LogLoaded(ILogger logger, int count, string full, long milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "A connection to Redis failed ({ConnectionType}, {FailureType}): the revocation list's copy is not trusted until it is loaded again; until then sessions count as logged out.")]
    private static partial void LogNotCurrent(ILogger logger, ConnectionType connectionType, ConnectionFailureType failureType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not load the revocation list's copy ({Reason}); trying again.")]
    private static partial void LogLoadFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message of {Length} characters on the revocation channel is not one of ours; ignored.")]
    private static partial void LogStrangeMessage(ILogger logger, int length);
}

/// <summary>The revocation list's copy in memory may have missed a write (a connection failed, or it is loading).</summary>
public sealed class RevocationCopyNotCurrentException()
    : Exception("The revocation list's copy in memory is not known to be current (Redis is away, or the copy is loading).");

/// <summary>
/// Starts the revocation list when the app starts, so with Redis its copy loads before the first request; waits a
/// few seconds for that load (and starts anyway when Redis is away: sessions fail closed until the copy is current).
/// </summary>
public sealed class RevocationsStart(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetRequiredService<IDistributedCache>() is RedisRevocations copy)
        {
            await copy.WaitUntilCurrentAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
