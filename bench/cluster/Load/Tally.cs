using System.Diagnostics;

namespace ClusterLoad;

/// <summary>What an answer counts as.</summary>
public enum Verdict
{
    /// <summary>What the app should answer.</summary>
    Ok,

    /// <summary>Inside a fault window: a read answered "not logged in", a change answered the app's own 503.</summary>
    FailClosed,

    /// <summary>A wrong answer: a logged-out cookie accepted (a), another user's data (b), fail-closed outside a fault window (c).</summary>
    Wrong,

    /// <summary>A 5xx that is not the app's deliberate 503 (the proxy's 502, 503 or 504 included).</summary>
    Other5xx,

    /// <summary>No answer at all (refused, reset, timed out) where one was due.</summary>
    NoAnswer,

    /// <summary>Any other answer the app should not give (a 4xx, a body that is not what the route answers).</summary>
    Unexpected,
}

/// <summary>
/// A fault, from the moment it is started until the cluster answers again plus a margin. Inside a window the app may
/// fail closed; outside every window it may not. <see cref="Instance"/> is the app instance the fault stops (0: none).
/// </summary>
public sealed class FaultWindow(string name, string description, int instance, double start)
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    public int Instance { get; } = instance;

    public double Start { get; } = start;

    /// <summary>When the fault was undone: Redis started again, resumed, or the instance started and healthy.</summary>
    public double? Undone { get; set; }

    /// <summary>For an instance: when it had exited, and when it was started again.</summary>
    public double? Exited { get; set; }

    public double? Restarted { get; set; }

    /// <summary>The first probe through the proxy (a login, then a read) that succeeded after the fault was undone.</summary>
    public double? Recovered { get; set; }

    /// <summary>For an instance: its first answer through the proxy after it was started again.</summary>
    public double? BackInRotation { get; set; }

    /// <summary>When every instance answered a login and a read straight at its port again.</summary>
    public double? AllInstancesAnswer { get; set; }

    /// <summary>The probes through the proxy that failed during the window: the first and the last.</summary>
    public double? FirstProbeFailure { get; set; }

    public double? LastProbeFailure { get; set; }

    /// <summary>The window's end (null while open).</summary>
    public double? End { get; set; }
}

/// <summary>Counts per phase and per second, the fault windows, and examples of what went wrong.</summary>
public sealed class Tally
{
    /// <summary>Series per second, for the timeline.</summary>
    public enum Series
    {
        Proxy,
        Direct,
        FailClosed,
        Wrong,
        Other5xx,
    }

    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly Lock _lock = new();
    private readonly List<PhaseStats> _phases = [];
    private readonly List<FaultWindow> _windows = [];
    private readonly Dictionary<int, long[]> _seconds = [];
    private readonly Dictionary<string, (double From, double? FirstSeen)> _watches = new(StringComparer.Ordinal);

    /// <summary>Seconds since the soak began.</summary>
    public double Now => Stopwatch.GetElapsedTime(_origin).TotalSeconds;

    public IReadOnlyList<PhaseStats> Phases
    {
        get
        {
            lock (_lock)
            {
                return [.. _phases];
            }
        }
    }

    public IReadOnlyList<FaultWindow> Windows
    {
        get
        {
            lock (_lock)
            {
                return [.. _windows];
            }
        }
    }

    public PhaseStats BeginPhase(string name, string? fault)
    {
        lock (_lock)
        {
            var now = Now;
            if (_phases.Count > 0)
            {
                _phases[^1].End = now;
            }

            var phase = new PhaseStats(name, fault, now);
            _phases.Add(phase);
            return phase;
        }
    }

    public void EndLastPhase()
    {
        lock (_lock)
        {
            _phases[^1].End = Now;
        }
    }

    public FaultWindow OpenWindow(string name, string description, int instance = 0)
    {
        lock (_lock)
        {
            var window = new FaultWindow(name, description, instance, Now);
            _windows.Add(window);
            return window;
        }
    }

    /// <summary>Whether a request that ran from <paramref name="start"/> to <paramref name="end"/> overlaps a fault window.</summary>
    public bool InWindow(double start, double end)
    {
        lock (_lock)
        {
            return _windows.Any(w => w.Start <= end && (w.End ?? double.MaxValue) >= start);
        }
    }

    /// <summary>Whether any window is open now.</summary>
    public bool AnyWindowOpen()
    {
        var now = Now;
        lock (_lock)
        {
            return _windows.Any(w => (w.End ?? double.MaxValue) >= now);
        }
    }

    /// <summary>Whether the instance (1-based) is stopped, stopping or starting by a fault at <paramref name="at"/>.</summary>
    public bool Away(int instance, double at)
    {
        lock (_lock)
        {
            return _windows.Any(w => w.Instance == instance && w.Start <= at && (w.End ?? double.MaxValue) >= at);
        }
    }

    /// <summary>Counts a request of a channel (proxy, direct) answered at <paramref name="at"/>, with its latency.</summary>
    public void Request(Series channel, double started, double at)
    {
        lock (_lock)
        {
            var phase = PhaseAt(at);
            phase.Add(channel == Series.Proxy ? "requests/through the proxy" : "requests/straight at an instance");
            if (channel == Series.Proxy)
            {
                phase.Latencies.Add((at - started) * 1000);
            }

            Bucket(at)[(int)channel]++;
        }
    }

    /// <summary>Counts an outcome under <paramref name="key"/>; anything but Ok also goes into the timeline and, when wrong, into the examples.</summary>
    public void Judge(Verdict verdict, string key, double at, string? example = null)
    {
        lock (_lock)
        {
            var phase = PhaseAt(at);
            var prefix = verdict switch
            {
                Verdict.Ok => "ok",
                Verdict.FailClosed => "fail-closed",
                Verdict.Wrong => "WRONG",
                Verdict.Other5xx => "OTHER 5XX",
                Verdict.NoAnswer => "NO ANSWER",
                _ => "UNEXPECTED",
            };
            phase.Add($"{prefix}/{key}");
            var series = verdict switch
            {
                Verdict.FailClosed => Series.FailClosed,
                Verdict.Wrong or Verdict.Unexpected => Series.Wrong,
                Verdict.Other5xx or Verdict.NoAnswer => Series.Other5xx,
                _ => (Series?)null,
            };
            if (series is { } s)
            {
                Bucket(at)[(int)s]++;
            }

            if (verdict is not (Verdict.Ok or Verdict.FailClosed) && example is not null && phase.ExamplesOf(key) < 3 && phase.Examples.Count < 15)
            {
                phase.Examples.Add(Text.Inv($"[{at:F2} s] {prefix}/{key}: {(example.Length > 400 ? example[..400] + "…" : example)}"));
            }
        }
    }

    /// <summary>Counts a fact that is neither right nor wrong (a check skipped, a session ended by an unacknowledged logout).</summary>
    public void Note(string key, double at, long by = 1)
    {
        lock (_lock)
        {
            PhaseAt(at).Add(key, by);
        }
    }

    /// <summary>Which instance the proxy sent a request to (its X-Cluster-Destination header).</summary>
    public void ServedBy(string? destination, double at)
    {
        if (destination is null)
        {
            return;
        }

        lock (_lock)
        {
            PhaseAt(at).Add($"served by/instance {destination}");
            if (_watches.TryGetValue(destination, out var watch) && watch.FirstSeen is null && at > watch.From)
            {
                _watches[destination] = (watch.From, at);
            }
        }
    }

    /// <summary>Starts watching for the first answer through the proxy from <paramref name="destination"/> after <paramref name="from"/>.</summary>
    public void Watch(string destination, double from)
    {
        lock (_lock)
        {
            _watches[destination] = (from, null);
        }
    }

    public double? FirstSeen(string destination)
    {
        lock (_lock)
        {
            return _watches.TryGetValue(destination, out var watch) ? watch.FirstSeen : null;
        }
    }

    /// <summary>How late a check of a logged-out cookie was sent, in seconds past its time.</summary>
    public void Late(double seconds, double at)
    {
        lock (_lock)
        {
            PhaseAt(at).Lateness.Add(seconds * 1000);
        }
    }

    public void Memory(string node, long kib, double at)
    {
        lock (_lock)
        {
            var phase = PhaseAt(at);
            phase.MaxRssKiB[node] = Math.Max(phase.MaxRssKiB.GetValueOrDefault(node), kib);
            phase.LastRssKiB[node] = kib;
        }
    }

    /// <summary>The timeline: one row per second, the columns in <see cref="Series"/> order.</summary>
    public long[][] Timeline()
    {
        lock (_lock)
        {
            var last = _seconds.Count == 0 ? 0 : _seconds.Keys.Max();
            return [.. Enumerable.Range(0, last + 1).Select(s => _seconds.TryGetValue(s, out var row) ? (long[])row.Clone() : new long[5])];
        }
    }

    private long[] Bucket(double at)
    {
        var second = Math.Max(0, (int)at);
        if (!_seconds.TryGetValue(second, out var row))
        {
            _seconds[second] = row = new long[5];
        }

        return row;
    }

    private PhaseStats PhaseAt(double at)
    {
        for (var i = _phases.Count - 1; i > 0; i--)
        {
            if (_phases[i].Start <= at)
            {
                return _phases[i];
            }
        }

        return _phases[0];
    }
}

/// <summary>One phase of the soak: its counts, latencies, memory and examples.</summary>
public sealed class PhaseStats(string name, string? fault, double start)
{
    public string Name { get; } = name;

    public string? Fault { get; } = fault;

    public double Start { get; } = start;

    public double End { get; set; }

    public SortedDictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    public List<string> Examples { get; } = [];

    public List<double> Latencies { get; } = [];

    /// <summary>How late each check of a logged-out cookie was sent, in ms.</summary>
    public List<double> Lateness { get; } = [];

    public SortedDictionary<string, long> MaxRssKiB { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> LastRssKiB { get; } = new(StringComparer.Ordinal);

    public void Add(string key, long by = 1) => Counts[key] = Counts.GetValueOrDefault(key) + by;

    /// <summary>How many examples of <paramref name="key"/> are kept already (a few of each kind, not many of one).</summary>
    public int ExamplesOf(string key) => Examples.Count(e => e.Contains("/" + key + ":", StringComparison.Ordinal));

    /// <summary>The sum of every count whose key starts with <paramref name="prefix"/>.</summary>
    public long Sum(string prefix) => Counts.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(c => c.Value);

    public double Percentile(double q) => Percentile(Latencies, q);

    public static double Percentile(List<double> values, double q)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
    }
}
