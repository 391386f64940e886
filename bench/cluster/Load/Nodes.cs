using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ClusterLoad;

/// <summary>
/// The cluster's processes, through bench/cluster/nodes.sh (which starts, stops, freezes and resumes them, and keeps
/// their ports, pids and logs in the state folder): redis, app1..appN, proxy.
/// </summary>
public sealed partial class Nodes(Options options, Tally tally)
{
    public IEnumerable<string> Names => ["redis", .. Enumerable.Range(1, options.Instances.Count).Select(i => Text.Inv($"app{i}")), "proxy"];

    /// <summary>Runs <c>bash nodes.sh STATE args...</c>, printing what it says; throws when it fails.</summary>
    public async Task RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(options.Nodes);
        start.ArgumentList.Add(options.State);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        foreach (var line in ((await output) + (await error)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Console.WriteLine(Text.Inv($"  [{tally.Now,6:F1} s] nodes.sh: {line}"));
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"nodes.sh {string.Join(' ', args)} failed with exit code {process.ExitCode}");
        }
    }

    /// <summary>The node's resident memory (VmRSS) in KiB, or null when it is not running.</summary>
    public long? RssKiB(string node)
    {
        try
        {
            var pid = File.ReadAllText(Path.Combine(options.State, node + ".pid")).Trim();
            var status = File.ReadAllText($"/proc/{pid}/status");
            return VmRss().Match(status) is { Success: true } match ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Samples every node's memory once a second until <paramref name="stop"/>.</summary>
    public async Task SampleMemoryAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var node in Names)
            {
                if (RssKiB(node) is { } kib)
                {
                    tally.Memory(node, kib, tally.Now);
                }
            }

            try
            {
                await Task.Delay(1000, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The lines of the node's log at Error or Critical level (the console logger's "fail:" and "crit:").</summary>
    public IReadOnlyList<string> ErrorLines(string node)
    {
        var path = Path.Combine(options.State, node + ".log");
        return File.Exists(path) ? [.. File.ReadLines(path).Where(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal))] : [];
    }

    /// <summary>How many lines of the node's log are at Warning level ("warn:").</summary>
    public int WarningCount(string node)
    {
        var path = Path.Combine(options.State, node + ".log");
        return File.Exists(path) ? File.ReadLines(path).Count(l => l.StartsWith("warn:", StringComparison.Ordinal)) : 0;
    }

    [GeneratedRegex(@"VmRSS:\s+(\d+) kB")]
    private static partial Regex VmRss();
}
