namespace ClusterLoad;

/// <summary>
/// A probe user (id 999999) that logs in and reads back, through the proxy, every 100 ms while a fault window is open
/// and every 500 ms otherwise: when the cluster stopped and started answering, as a user would see it.
/// </summary>
public sealed class Probe(Http http, Tally tally)
{
    public static readonly VirtualUser User = new(999_999, null);

    private readonly Lock _lock = new();
    private readonly List<(double Started, double Ended, bool Ok)> _results = [];

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var (ok, started, ended) = await OnceAsync(instance: 0);
            lock (_lock)
            {
                _results.Add((started, ended, ok));
            }

            if (!ok)
            {
                foreach (var window in tally.Windows.Where(w => w.Start <= ended && (w.End ?? double.MaxValue) >= started))
                {
                    window.FirstProbeFailure ??= ended;
                    window.LastProbeFailure = ended;
                }
            }

            try
            {
                await Task.Delay(tally.AnyWindowOpen() ? 100 : 500, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One login and one read, through the proxy (instance 0) or straight at an instance; each answer judged.</summary>
    public async Task<(bool Ok, double Started, double Ended)> OnceAsync(int instance)
    {
        var where = instance == 0 ? "through the proxy" : Text.Inv($"straight at instance {instance}");
        var login = instance == 0
            ? await http.ProxyAsync(HttpMethod.Post, "/api/session/store", null, User.Json)
            : await http.DirectAsync(instance, HttpMethod.Post, "/api/session/store", null, User.Json);
        var cookie = login.NewCookie(http.CookieName);
        if (login.Status != 200 || cookie is not { Length: > 0 })
        {
            Judge(login, "probe login", where);
            return (false, login.Started, login.Ended);
        }

        var read = instance == 0
            ? await http.ProxyAsync(HttpMethod.Get, "/api/session", cookie)
            : await http.DirectAsync(instance, HttpMethod.Get, "/api/session", cookie);
        switch (Http.Says(read, User))
        {
            case SessionSays.ThisUser:
                tally.Judge(Verdict.Ok, "probe", read.Ended);
                return (true, login.Started, read.Ended);
            case SessionSays.NotLoggedIn when tally.InWindow(read.Started, read.Ended):
                tally.Judge(Verdict.FailClosed, "probe read answered not logged in", read.Ended);
                break;
            case SessionSays.NotLoggedIn:
                tally.Judge(Verdict.Wrong, "c: a live session answered not logged in outside a fault window", read.Ended, $"probe read {where}: {read.Describe()}");
                break;
            case SessionSays.AnotherUser:
                tally.Judge(Verdict.Wrong, "b: another user's data", read.Ended, $"probe read {where}: {read.Describe()}");
                break;
            default:
                Judge(read, "probe read", where);
                break;
        }

        return (false, login.Started, read.Ended);
    }

    /// <summary>The end of the first successful probe through the proxy that ended after <paramref name="after"/>, waiting up to <paramref name="timeout"/>.</summary>
    public async Task<double?> FirstSuccessAfterAsync(double after, TimeSpan timeout)
    {
        var until = tally.Now + timeout.TotalSeconds;
        while (tally.Now < until)
        {
            lock (_lock)
            {
                foreach (var result in _results)
                {
                    if (result.Ok && result.Ended > after)
                    {
                        return result.Ended;
                    }
                }
            }

            await Task.Delay(50);
        }

        return null;
    }

    private void Judge(Answer answer, string key, string where)
    {
        if (answer.IsAppUnavailable && tally.InWindow(answer.Started, answer.Ended))
        {
            tally.Judge(Verdict.FailClosed, key + " answered 503", answer.Ended);
        }
        else if (answer.IsAppUnavailable)
        {
            tally.Judge(Verdict.Wrong, "c: a 503 outside a fault window", answer.Ended, $"{key} {where}: {answer.Describe()}");
        }
        else if (answer.Status >= 500)
        {
            tally.Judge(Verdict.Other5xx, Text.Inv($"{answer.Status} on {key}"), answer.Ended, $"{key} {where}: {answer.Describe()}");
        }
        else if (answer.Status == 0)
        {
            tally.Judge(Verdict.NoAnswer, key, answer.Ended, $"{key} {where}: {answer.Describe()}");
        }
        else
        {
            tally.Judge(Verdict.Unexpected, Text.Inv($"{answer.Status} on {key}"), answer.Ended, $"{key} {where}: {answer.Describe()}");
        }
    }
}

/// <summary>
/// The faults, each in a window that opens before the fault starts and closes 2 s after the cluster answers again:
/// through the proxy (the probe), and with a login and a read straight at every instance. Then the latest logged-out
/// cookies are tried again where the fault was.
/// </summary>
public sealed class Faults(Http http, Tally tally, Nodes nodes, Probe probe, Rechecks rechecks)
{
    /// <summary>How long a window stays open after everything answers again.</summary>
    public const double MarginSeconds = 2;

    /// <summary>Redis stopped with SIGTERM (it writes its append-only file), started again after a pause.</summary>
    public async Task RedisRestartAsync(TimeSpan down)
    {
        var window = tally.OpenWindow("redis-restart", Text.Inv($"Redis stopped with SIGTERM, started again {down.TotalSeconds:F0} s later (appendonly: it reloads its data)"));
        await nodes.RunAsync("stop-redis");
        await Task.Delay(down);
        await nodes.RunAsync("start-redis");
        window.Undone = tally.Now;
        await RecoverAsync(window);
    }

    /// <summary>Redis frozen with SIGSTOP: its connections stay open and nothing answers; then SIGCONT.</summary>
    public async Task RedisStallAsync(TimeSpan stalled)
    {
        var window = tally.OpenWindow("redis-stall", Text.Inv($"Redis frozen with SIGSTOP for {stalled.TotalSeconds:F0} s, then SIGCONT"));
        await nodes.RunAsync("pause-redis");
        await Task.Delay(stalled);
        await nodes.RunAsync("resume-redis");
        window.Undone = tally.Now;
        await RecoverAsync(window);
    }

    /// <summary>One instance stopped with SIGTERM (it drains, then exits), started again after a pause.</summary>
    public async Task AppRestartAsync(int instance, TimeSpan down)
    {
        var window = tally.OpenWindow("app-restart",
            Text.Inv($"instance {instance} stopped with SIGTERM (it drains, then exits), started again {down.TotalSeconds:F0} s after it exited"), instance);
        await nodes.RunAsync("stop-app", Text.Inv($"{instance}"));
        window.Exited = tally.Now;
        await Task.Delay(down);
        window.Restarted = tally.Now;
        tally.Watch(Text.Inv($"{instance}"), window.Restarted.Value);
        await nodes.RunAsync("start-app", Text.Inv($"{instance}"));
        window.Undone = tally.Now;
        await RecoverAsync(window);
    }

    private async Task RecoverAsync(FaultWindow window)
    {
        window.Recovered = await probe.FirstSuccessAfterAsync(window.Undone!.Value, TimeSpan.FromSeconds(60));
        if (window.Instance > 0)
        {
            var until = tally.Now + 30;
            while (tally.FirstSeen(Text.Inv($"{window.Instance}")) is null && tally.Now < until)
            {
                await Task.Delay(50);
            }

            window.BackInRotation = tally.FirstSeen(Text.Inv($"{window.Instance}"));
        }

        var deadline = tally.Now + 30;
        var waiting = Enumerable.Range(1, http.InstanceCount).ToHashSet();
        while (waiting.Count > 0 && tally.Now < deadline)
        {
            foreach (var instance in waiting.ToArray())
            {
                if ((await probe.OnceAsync(instance)).Ok)
                {
                    waiting.Remove(instance);
                }
            }

            if (waiting.Count > 0)
            {
                await Task.Delay(100);
            }
        }

        window.AllInstancesAnswer = waiting.Count == 0 ? tally.Now : null;
        window.End = tally.Now + MarginSeconds;
        await Task.Delay(TimeSpan.FromSeconds(MarginSeconds));

        // What was logged out before and during the fault must still be: at the restarted instance, or everywhere.
        var tries = rechecks.TryAgainAfter(window.Name, window.Instance);
        Console.WriteLine(Text.Inv($"  [{tally.Now,6:F1} s] trying {tries:N0} logged-out cookies again {(window.Instance == 0 ? "at every instance" : $"at instance {window.Instance}")}"));
    }
}
