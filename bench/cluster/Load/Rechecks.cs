namespace ClusterLoad;

/// <summary>
/// Copies of logged-out cookies, tried again straight at the instances: 150 ms and 1 s after the logout was acknowledged
/// at every instance, and 5 s after at one (in turn), 32 at a time; while they are behind, the load waits. After each
/// fault, the latest 1,500 are tried again where the fault was. Any of them answering "logged in" is a wrong answer (a): the
/// logout reached the user's browser as done, and a copy of the cookie still works. An instance that a fault has taken
/// away is skipped (and counted).
/// </summary>
public sealed class Rechecks(Http http, Tally tally) : IDisposable
{
    /// <summary>The delays after the acknowledgement, and whether each tries every instance (else one, in turn).</summary>
    public static readonly (double Seconds, bool Everywhere)[] Delays = [(0.15, true), (1.0, true), (5.0, false)];

    /// <summary>How many of the latest logged-out cookies are kept, to try again after each fault.</summary>
    public const int Kept = 1500;

    private sealed record Item(VirtualUser User, string Cookie, string Kind, string Browser, double AcknowledgedAt, double Due, int Instance, string? After = null);

    private readonly PriorityQueue<Item, double> _queue = new();
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _slots = new(32);
    private readonly HashSet<string> _accepted = new(StringComparer.Ordinal);
    private readonly Queue<Item> _latest = new();
    private int _turn;

    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// Whether the checks have fallen behind (one is more than 50 ms overdue): the load then waits, so every check runs
    /// near its time instead of the load outrunning them.
    /// </summary>
    public bool Behind
    {
        get
        {
            lock (_lock)
            {
                return _queue.TryPeek(out _, out var due) && due < tally.Now - 0.05;
            }
        }
    }

    /// <summary>
    /// A logout of <paramref name="kind"/> ("logout", "logout everywhere", ...) was acknowledged at <paramref name="at"/>:
    /// schedule the checks of the browser's cookie.
    /// </summary>
    public void LoggedOut(VirtualUser user, string cookie, string kind, string browser, double at)
    {
        lock (_lock)
        {
            foreach (var (seconds, everywhere) in Delays)
            {
                if (everywhere)
                {
                    for (var instance = 1; instance <= http.InstanceCount; instance++)
                    {
                        _queue.Enqueue(new Item(user, cookie, kind, browser, at, at + seconds, instance), at + seconds);
                    }
                }
                else
                {
                    var instance = (_turn++ % http.InstanceCount) + 1;
                    _queue.Enqueue(new Item(user, cookie, kind, browser, at, at + seconds, instance), at + seconds);
                }
            }

            _latest.Enqueue(new Item(user, cookie, kind, browser, at, at, 0));
            if (_latest.Count > Kept)
            {
                _latest.Dequeue();
            }
        }
    }

    /// <summary>
    /// After a fault: the latest <see cref="Kept"/> logged-out cookies (from before the fault and during it), tried now at
    /// <paramref name="instance"/> (0: every instance). A restarted Redis must still have them (its append-only file), a
    /// restarted instance must know them too, however it keeps the list.
    /// </summary>
    public int TryAgainAfter(string fault, int instance)
    {
        lock (_lock)
        {
            var now = tally.Now;
            var instances = instance == 0 ? Enumerable.Range(1, http.InstanceCount).ToArray() : [instance];
            foreach (var item in _latest)
            {
                foreach (var i in instances)
                {
                    _queue.Enqueue(item with { Due = now, Instance = i, After = fault }, now);
                }
            }

            return _latest.Count * instances.Length;
        }
    }

    /// <summary>Runs the checks as they fall due, until <paramref name="stop"/> and then until none is left (or <paramref name="drainFor"/> has passed).</summary>
    public async Task RunAsync(TimeSpan drainFor, CancellationToken stop)
    {
        var running = new List<Task>();
        double? drainUntil = null;
        while (true)
        {
            if (stop.IsCancellationRequested)
            {
                drainUntil ??= tally.Now + drainFor.TotalSeconds;
                if (Pending == 0 || tally.Now > drainUntil)
                {
                    break;
                }
            }

            Item? due = null;
            lock (_lock)
            {
                if (_queue.TryPeek(out var next, out var when) && when <= tally.Now)
                {
                    due = _queue.Dequeue();
                }
            }

            if (due is null)
            {
                await Task.Delay(10, CancellationToken.None);
                continue;
            }

            await _slots.WaitAsync(CancellationToken.None);
            running.RemoveAll(t => t.IsCompleted);
            running.Add(Task.Run(async () =>
            {
                try
                {
                    await CheckAsync(due);
                }
                finally
                {
                    _slots.Release();
                }
            }, CancellationToken.None));
        }

        await Task.WhenAll(running);
        lock (_lock)
        {
            if (_queue.Count > 0)
            {
                tally.Note("note/logged-out cookies not tried again: the run ended first", tally.Now, _queue.Count);
            }
        }
    }

    public void Dispose() => _slots.Dispose();

    private async Task CheckAsync(Item item)
    {
        if (tally.Away(item.Instance, tally.Now))
        {
            tally.Note("note/logged-out cookie not tried at an instance a fault took away", tally.Now);
            return;
        }

        var answer = await http.DirectAsync(item.Instance, HttpMethod.Get, "/api/session", item.Cookie);
        var after = answer.Started - item.AcknowledgedAt;
        if (item.After is null)
        {
            tally.Late(answer.Started - item.Due, answer.Ended);
        }
        else
        {
            tally.Note($"note/logged-out cookies tried again after {item.After}", answer.Ended);
        }

        var what = Text.Inv($"{item.User.Username}'s {item.Browser} cookie after {item.Kind}, acknowledged at {item.AcknowledgedAt:F2} s, tried {after * 1000:F0} ms later at instance {item.Instance}{(item.After is null ? string.Empty : $", again after {item.After}")}");
        switch (Http.Says(answer, item.User))
        {
            case SessionSays.NotLoggedIn:
                tally.Judge(Verdict.Ok, "logged-out cookie refused", answer.Ended);
                break;
            case SessionSays.ThisUser:
                tally.Judge(Verdict.Wrong, $"a: a logged-out cookie accepted ({item.Kind})", answer.Ended, $"{what}: {answer.Describe()}");
                bool first;
                lock (_lock)
                {
                    first = _accepted.Add(item.Cookie);
                }

                if (first)
                {
                    tally.Note($"note/distinct logged-out cookies accepted at least once ({item.Kind})", answer.Ended);
                }

                break;
            case SessionSays.AnotherUser:
                tally.Judge(Verdict.Wrong, "b: another user's data", answer.Ended, $"{what}: {answer.Describe()}");
                break;
            default:
                if (answer.Status == 0 && (tally.Away(item.Instance, answer.Started) || tally.Away(item.Instance, answer.Ended)))
                {
                    tally.Note("note/logged-out cookie not tried at an instance a fault took away", answer.Ended);
                }
                else if (answer.Status >= 500)
                {
                    tally.Judge(Verdict.Other5xx, Text.Inv($"{answer.Status} on a logged-out cookie's read"), answer.Ended, $"{what}: {answer.Describe()}");
                }
                else if (answer.Status == 0)
                {
                    tally.Judge(Verdict.NoAnswer, "logged-out cookie's read", answer.Ended, $"{what}: {answer.Describe()}");
                }
                else
                {
                    tally.Judge(Verdict.Unexpected, Text.Inv($"{answer.Status} on a logged-out cookie's read"), answer.Ended, $"{what}: {answer.Describe()}");
                }

                break;
        }
    }
}
