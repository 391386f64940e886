using System.Globalization;

namespace ClusterLoad;

/// <summary>
/// The soak: the load runs throughout, the phases follow one another, and in each fault phase the fault starts after a
/// lead of a sixth of the phase (at least 3 s). A phase lasts its seconds, and at least 3 s past its fault window.
/// </summary>
public static class Soak
{
    /// <summary>The phases: a name, the fault (null: none), and how to cause it.</summary>
    public static IReadOnlyList<(string Name, string? Fault, Func<Faults, Task>? Cause)> Schedule(int instances) =>
    [
        ("baseline", null, null),
        ("redis-restart", "Redis stopped (SIGTERM) and started again", f => f.RedisRestartAsync(TimeSpan.FromSeconds(3))),
        ("redis-stall", "Redis frozen (SIGSTOP) for 5 s", f => f.RedisStallAsync(TimeSpan.FromSeconds(5))),
        ("app-restart", Text.Inv($"instance {(instances / 2) + 1} stopped (SIGTERM) and started again"), f => f.AppRestartAsync((instances / 2) + 1, TimeSpan.FromSeconds(3))),
        ("after", null, null),
    ];

    public static async Task<int> RunAsync(Options options)
    {
        var tally = new Tally();
        using var http = new Http(options, tally);
        var nodes = new Nodes(options, tally);
        using var rechecks = new Rechecks(http, tally);
        var probe = new Probe(http, tally);
        var faults = new Faults(http, tally, nodes, probe, rechecks);
        var accounts = Accounts.Read(options.AccountsPath);
        var users = Enumerable.Range(1, options.Users).Select(i => new VirtualUser(i, accounts.GetValueOrDefault(i))).ToList();
        var schedule = Schedule(options.Instances.Count);
        var started = DateTimeOffset.UtcNow;

        Console.WriteLine(Text.Inv($"""
            soak: {options.Users} users ({accounts.Count} with a password), {options.Connections} at once, through {options.Proxy}
                  to {options.Instances.Count} instances ({string.Join(", ", options.Instances)}); {options.SecondsPerPhase} s a phase: {string.Join(", ", schedule.Select(p => p.Name))}
            """));

        tally.BeginPhase(schedule[0].Name, schedule[0].Fault);
        using var stopLoad = new CancellationTokenSource();
        using var stopAll = new CancellationTokenSource();
        var load = new Load(http, tally, rechecks, options.Seed).RunAsync(users, options.Connections, stopLoad.Token);
        var checks = rechecks.RunAsync(TimeSpan.FromSeconds(7), stopLoad.Token);
        var probing = probe.RunAsync(stopAll.Token);
        var memory = nodes.SampleMemoryAsync(stopAll.Token);
        var progress = ProgressAsync(tally, stopAll.Token);

        var lead = Math.Max(3, options.SecondsPerPhase / 6.0);
        for (var i = 0; i < schedule.Count; i++)
        {
            var (name, fault, cause) = schedule[i];
            var phase = i == 0 ? tally.Phases[0] : tally.BeginPhase(name, fault);
            Console.WriteLine(Text.Inv($"  [{tally.Now,6:F1} s] phase {name}{(fault is null ? string.Empty : ": " + fault)}"));
            var until = phase.Start + options.SecondsPerPhase;
            if (cause is not null)
            {
                await Task.Delay(TimeSpan.FromSeconds(lead));
                try
                {
                    await cause(faults);
                }
                catch (InvalidOperationException e)
                {
                    // A fault nodes.sh could not cause (or undo) fails the run; the load goes on to the end.
                    Console.WriteLine(Text.Inv($"  [{tally.Now,6:F1} s] FAULT FAILED: {e.Message}"));
                    tally.Note("FAULT FAILED/" + name, tally.Now);
                    if (tally.Windows.Count > 0 && tally.Windows[^1].End is null)
                    {
                        tally.Windows[^1].End = tally.Now;
                    }
                }

                until = Math.Max(until, (tally.Windows[^1].End ?? tally.Now) + 3);
            }

            if (until > tally.Now)
            {
                await Task.Delay(TimeSpan.FromSeconds(until - tally.Now));
            }
        }

        Console.WriteLine(Text.Inv($"  [{tally.Now,6:F1} s] load stopped; trying the last logged-out cookies again"));
        await stopLoad.CancelAsync();
        await load;
        await checks;
        await stopAll.CancelAsync();
        await Task.WhenAll(probing, memory, progress);
        tally.EndLastPhase();

        var logs = nodes.Names.Where(n => n != "redis").ToDictionary(n => n, n => (Errors: nodes.ErrorLines(n), Warnings: nodes.WarningCount(n)));
        var report = new Report(options, tally, logs, started);
        report.Print();
        report.Write();
        return report.Failed ? 1 : 0;
    }

    /// <summary>One line every 5 s: what the last 5 s looked like.</summary>
    private static async Task ProgressAsync(Tally tally, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(5000, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var rows = tally.Timeline();
            var last = rows.Skip(Math.Max(0, rows.Length - 6)).Take(5).ToArray();
            long Sum(Tally.Series s) => last.Sum(r => r[(int)s]);
            var phase = tally.Phases[^1].Name;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  [{tally.Now,6:F1} s] {phase,-13} proxy {Sum(Tally.Series.Proxy) / 5,6:N0} req/s, straight {Sum(Tally.Series.Direct) / 5,6:N0}/s; last 5 s: fail-closed {Sum(Tally.Series.FailClosed),5:N0}, wrong {Sum(Tally.Series.Wrong),3:N0}, other 5xx or none {Sum(Tally.Series.Other5xx),3:N0}{(tally.AnyWindowOpen() ? "  (fault window open)" : string.Empty)}"));
        }
    }
}
