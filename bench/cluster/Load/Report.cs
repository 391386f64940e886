using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace ClusterLoad;

/// <summary>The soak's results: a table per phase and per fault on the console, in Markdown, as JSON, and a timeline SVG.</summary>
public sealed class Report(
    Options options, Tally tally, IReadOnlyDictionary<string, (IReadOnlyList<string> Errors, int Warnings)> logs, DateTimeOffset started)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly IReadOnlyList<PhaseStats> _phases = tally.Phases;
    private readonly IReadOnlyList<FaultWindow> _windows = tally.Windows;

    /// <summary>Any wrong answer, other 5xx, missing answer, unexpected answer, or a fault that could not be caused.</summary>
    public bool Failed => _phases.Any(p => Wrong(p) + p.Sum("OTHER 5XX/") + p.Sum("NO ANSWER/") + p.Sum("UNEXPECTED/") + p.Sum("FAULT FAILED") > 0);

    private static long Wrong(PhaseStats p) => p.Sum("WRONG/");

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string S(double? seconds) => seconds is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) : "–";

    private static string MiB(long kib) => (kib / 1024.0).ToString("F0", CultureInfo.InvariantCulture);

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine(Markdown(forConsole: true));
    }

    public void Write()
    {
        var md = Markdown(forConsole: false);
        var svg = Svg();
        if (options.MarkdownPath is { } mdPath)
        {
            File.WriteAllText(mdPath, md);
        }

        if (options.SvgPath is { } svgPath)
        {
            File.WriteAllText(svgPath, svg);
        }

        if (options.JsonPath is { } jsonPath)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(new
            {
                started,
                options.Command,
                options.Users,
                options.Connections,
                options.SecondsPerPhase,
                failed = Failed,
                phases = _phases.Select(p => new
                {
                    p.Name,
                    p.Fault,
                    p.Start,
                    p.End,
                    p50Ms = p.Percentile(0.50),
                    p99Ms = p.Percentile(0.99),
                    p.Counts,
                    p.MaxRssKiB,
                    p.LastRssKiB,
                    p.Examples,
                }),
                windows = _windows,
                logs = logs.ToDictionary(l => l.Key, l => new { errors = l.Value.Errors, warnings = l.Value.Warnings }),
                timeline = tally.Timeline(),
            }, Json));
        }
    }

    private string Markdown(bool forConsole)
    {
        var md = new StringBuilder();
        void Line(FormattableString text) => md.AppendLine(FormattableString.Invariant(text));
        var seconds = _phases[^1].End;
        var total = _phases.Sum(p => p.Sum("requests/"));
        if (!forConsole)
        {
            Line($"# Cluster soak: three instances behind YARP, one Redis, faults on a schedule");
            Line($"");
            Line($"Command: `{options.Command}`, {started:yyyy-MM-dd HH:mm} UTC, {seconds:F0} s of load. {options.Users} users, {options.Connections} at once, {options.SecondsPerPhase} s a phase; {Environment.ProcessorCount} cores, .NET {Environment.Version}.");
            Line($"Verdict: **{(Failed ? "FAILED" : "passed")}**: {N(_phases.Sum(Wrong))} wrong answers, {N(_phases.Sum(p => p.Sum("OTHER 5XX/")))} other 5xx, {N(_phases.Sum(p => p.Sum("NO ANSWER/")))} requests without an answer, {N(_phases.Sum(p => p.Sum("UNEXPECTED/")))} unexpected answers, out of {N(total)} requests.");
            Line($"");
            Line($"![Requests per second, fail-closed and wrong answers over time, faults shaded](latest.svg)");
            Line($"");
        }
        else
        {
            Line($"== cluster soak: {N(total)} requests in {seconds:F0} s; wrong {N(_phases.Sum(Wrong))}, other 5xx {N(_phases.Sum(p => p.Sum("OTHER 5XX/")))}, no answer {N(_phases.Sum(p => p.Sum("NO ANSWER/")))}, unexpected {N(_phases.Sum(p => p.Sum("UNEXPECTED/")))}: {(Failed ? "FAILED" : "OK")}");
            Line($"");
        }

        var instances = options.Instances.Count;
        var apps = Enumerable.Range(1, instances).Select(i => Text.Inv($"app{i}")).ToArray();
        Line($"| Phase | s | through the proxy | req/s | p50 / p99 ms | straight at an instance | wrong (a) logged-out cookie accepted | (b) another user's data | (c) fail-closed outside a fault | fail-closed (in a fault window) | other 5xx | no answer | served by instance {string.Join(" / ", Enumerable.Range(1, instances))} | max RSS MiB {string.Join(" / ", apps)} (proxy, Redis) |");
        Line($"|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var p in _phases)
        {
            var duration = p.End - p.Start;
            var proxied = p.Sum("requests/through the proxy");
            var served = string.Join(" / ", Enumerable.Range(1, instances).Select(i => N(p.Counts.GetValueOrDefault(Text.Inv($"served by/instance {i}")))));
            var rss = string.Join(" / ", apps.Select(a => p.MaxRssKiB.TryGetValue(a, out var k) ? MiB(k) : "–"))
                + Text.Inv($" ({(p.MaxRssKiB.TryGetValue("proxy", out var px) ? MiB(px) : "–")}, {(p.MaxRssKiB.TryGetValue("redis", out var r) ? MiB(r) : "–")})");
            Line($"| {p.Name} | {duration:F0} | {N(proxied)} | {N((long)(proxied / Math.Max(1, duration)))} | {p.Percentile(0.5):F1} / {p.Percentile(0.99):F0} | {N(p.Sum("requests/straight at an instance"))} | {N(p.Sum("WRONG/a"))} | {N(p.Sum("WRONG/b"))} | {N(p.Sum("WRONG/c"))} | {N(p.Sum("fail-closed/"))} | {N(p.Sum("OTHER 5XX/"))} | {N(p.Sum("NO ANSWER/"))} | {served} | {rss} |");
        }

        var kinds = _phases.SelectMany(p => p.Counts).Where(c => c.Key.StartsWith("WRONG/a: ", StringComparison.Ordinal))
            .GroupBy(c => c.Key["WRONG/a: a logged-out cookie accepted ".Length..].Trim('(', ')'), StringComparer.Ordinal)
            .Select(g => Text.Inv($"after a {g.Key}: {N(g.Sum(c => c.Value))} answers, {N(_phases.Sum(p => p.Counts.GetValueOrDefault($"note/distinct logged-out cookies accepted at least once ({g.Key})")))} distinct cookies"))
            .ToList();
        if (kinds.Count > 0)
        {
            Line($"");
            Line($"Wrong answers (a), by the kind of logout: {string.Join("; ", kinds)}.");
        }

        Line($"");
        Line($"Checks of logged-out cookies (150 ms and 1 s after each acknowledged logout at every instance, 5 s after at one), sent late by (p50 / p99 / max ms): {string.Join("; ", _phases.Select(p => Text.Inv($"{p.Name} {PhaseStats.Percentile(p.Lateness, 0.5):F0} / {PhaseStats.Percentile(p.Lateness, 0.99):F0} / {(p.Lateness.Count == 0 ? 0 : p.Lateness.Max()):F0}")))}.");
        Line($"");
        Line($"| Fault | started at | undone at | probe through the proxy failing | recovered through the proxy | instance back in rotation | every instance answers straight | window closed |");
        Line($"|---|--:|--:|---|--:|--:|--:|--:|");
        foreach (var w in _windows)
        {
            var failing = w.FirstProbeFailure is { } first ? Text.Inv($"{first:F1} s to {w.LastProbeFailure:F1} s") : "never";
            string After(double? t) => t is { } v && w.Undone is { } u ? Text.Inv($"{v:F1} s ({v - u:+0.0;-0.0} s after undone, {v - w.Start:F1} s after start)") : "–";
            Line($"| {w.Description} | {w.Start:F1} s | {S(w.Undone)} s | {failing} | {After(w.Recovered)} | {(w.Instance > 0 ? After(w.BackInRotation) : "n/a")} | {After(w.AllInstancesAnswer)} | {S(w.End)} s |");
        }

        Line($"");
        Line($"Times are seconds since the load began. Recovered: the end of the first probe (a login, then a read, as user 999999) through the proxy that succeeded after the fault was undone; the probe runs every 100 ms while a window is open.");
        Line($"");
        Line($"| Log | Error or Critical lines | Warning lines |");
        Line($"|---|--:|--:|");
        foreach (var (node, log) in logs)
        {
            Line($"| {node} | {log.Errors.Count} | {log.Warnings} |");
        }

        var errorLines = logs.SelectMany(l => l.Value.Errors.Take(3).Select(e => $"{l.Key}: {e}")).ToList();
        if (errorLines.Count > 0)
        {
            Line($"");
            foreach (var line in errorLines)
            {
                Line($"- `{line}`");
            }
        }

        Line($"");
        Line($"What each phase counted:");
        Line($"");
        foreach (var p in _phases)
        {
            Line($"- **{p.Name}**{(p.Fault is null ? string.Empty : $" ({p.Fault})")}: {string.Join(", ", p.Counts.Where(c => !c.Key.StartsWith("requests/", StringComparison.Ordinal) && !c.Key.StartsWith("served by/", StringComparison.Ordinal)).Select(c => $"{c.Key} {N(c.Value)}"))}");
            foreach (var example in p.Examples)
            {
                Line($"  - example: `{example.Replace("`", "'", StringComparison.Ordinal)}`");
            }
        }

        return md.ToString();
    }

    /// <summary>The timeline: requests per second above, fail-closed, wrong and other-5xx answers per second below; fault windows shaded.</summary>
    private string Svg()
    {
        const int W = 960, H = 450, Left = 60, Right = 20, TopY = 50, TopH = 180, BottomY = 250, LaneH = 55, LaneGap = 10, BottomH = (2 * LaneH) + LaneGap;
        var rows = tally.Timeline();
        var length = Math.Max(rows.Length, (int)Math.Ceiling(_phases[^1].End));
        double X(double t) => Left + (t / Math.Max(1, length) * (W - Left - Right));
        var maxRate = Math.Max(1, rows.Max(r => r[(int)Tally.Series.Proxy] + r[(int)Tally.Series.Direct]));
        var svg = new StringBuilder();
        void Add(FormattableString text) => svg.Append(FormattableString.Invariant(text));
        Add($"""<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">""");
        Add($"""<rect width="{W}" height="{H}" fill="#fff"/>""");
        Add($"""<text x="{W / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">Cluster soak: requests per second, and answers that were not the normal one</text>""");

        foreach (var w in _windows)
        {
            var x0 = X(w.Start);
            var x1 = X(w.End ?? length);
            Add($"""<rect x="{x0:F1}" y="{TopY - 12}" width="{Math.Max(1, x1 - x0):F1}" height="{BottomY + BottomH - TopY + 12}" fill="#f59e0b" fill-opacity="0.18"><title>{WebUtility.HtmlEncode(w.Description)}</title></rect>""");
            Add($"""<text x="{x0 + 3:F1}" y="{TopY - 2}" font-size="10" fill="#92400e">{WebUtility.HtmlEncode(w.Name)}</text>""");
        }

        foreach (var p in _phases.Skip(1))
        {
            Add($"""<line x1="{X(p.Start):F1}" y1="{TopY}" x2="{X(p.Start):F1}" y2="{BottomY + BottomH}" stroke="#999" stroke-dasharray="3,3"/>""");
        }

        foreach (var p in _phases)
        {
            Add($"""<text x="{(X(p.Start) + X(p.End)) / 2:F1}" y="{BottomY + BottomH + 30}" text-anchor="middle" font-size="11" fill="#555">{WebUtility.HtmlEncode(p.Name)}</text>""");
        }

        // Requests per second: through the proxy, and through the proxy plus straight at the instances.
        Add($"""<line x1="{Left}" y1="{TopY + TopH}" x2="{W - Right}" y2="{TopY + TopH}" stroke="#333"/>""");
        Add($"""<text x="{Left - 6}" y="{TopY + 4}" text-anchor="end" font-size="10">{N(maxRate)}</text><text x="{Left - 6}" y="{TopY + TopH}" text-anchor="end" font-size="10">0</text>""");
        Add($"""<text x="14" y="{TopY + (TopH / 2)}" font-size="11" transform="rotate(-90 14 {TopY + (TopH / 2)})" text-anchor="middle">requests/s</text>""");
        string Path(Func<long[], long> value, double max, int y, int h) =>
            string.Join(" ", rows.Select((r, s) => FormattableString.Invariant($"{(s == 0 ? "M" : "L")}{X(s + 0.5):F1},{y + h - (value(r) / max * h):F1}")));
        Add($"""<path d="{Path(r => r[(int)Tally.Series.Proxy] + r[(int)Tally.Series.Direct], maxRate, TopY, TopH)}" fill="none" stroke="#a08ce6" stroke-width="1.5"/>""");
        Add($"""<path d="{Path(r => r[(int)Tally.Series.Proxy], maxRate, TopY, TopH)}" fill="none" stroke="#512bd4" stroke-width="1.5"/>""");

        // Answers per second that were not the normal one, in two lanes with their own scales: fail-closed (expected in a
        // fault window), then wrong, unexpected, other 5xx and unanswered (never expected), stacked.
        var lanes = new[]
        {
            (Title: "fail-closed/s", Y: BottomY, Series: new[] { (Tally.Series.FailClosed, "#c2410c") }),
            (Title: "wrong, 5xx/s", Y: BottomY + LaneH + LaneGap, Series: new[] { (Tally.Series.Wrong, "#dc2626"), (Tally.Series.Other5xx, "#111") }),
        };
        var barWidth = Math.Max(1, X(1) - X(0) - 0.5);
        foreach (var lane in lanes)
        {
            var max = Math.Max(1, rows.Max(r => lane.Series.Sum(x => r[(int)x.Item1])));
            Add($"""<line x1="{Left}" y1="{lane.Y + LaneH}" x2="{W - Right}" y2="{lane.Y + LaneH}" stroke="#333"/>""");
            Add($"""<text x="{Left - 6}" y="{lane.Y + 8}" text-anchor="end" font-size="10">{N(max)}</text><text x="{Left - 6}" y="{lane.Y + LaneH}" text-anchor="end" font-size="10">0</text>""");
            Add($"""<text x="{Left + 4}" y="{lane.Y + 8}" font-size="10" fill="#555">{lane.Title}</text>""");
            for (var s = 0; s < rows.Length; s++)
            {
                var y = (double)(lane.Y + LaneH);
                foreach (var (series, color) in lane.Series)
                {
                    var count = rows[s][(int)series];
                    if (count == 0)
                    {
                        continue;
                    }

                    var h = Math.Max(2, count / (double)max * LaneH);
                    y -= h;
                    Add($"""<rect x="{X(s):F1}" y="{y:F1}" width="{barWidth:F1}" height="{h:F1}" fill="{color}"><title>{s} s: {N(count)} {series}</title></rect>""");
                }
            }
        }

        Add($"""<text x="14" y="{BottomY + (BottomH / 2)}" font-size="11" transform="rotate(-90 14 {BottomY + (BottomH / 2)})" text-anchor="middle">answers/s</text>""");

        // Seconds along the bottom.
        var step = length <= 120 ? 10 : length <= 300 ? 30 : 60;
        for (var t = 0; t <= length; t += step)
        {
            Add($"""<text x="{X(t):F1}" y="{BottomY + BottomH + 14}" text-anchor="middle" font-size="10" fill="#555">{t} s</text>""");
        }

        // Legend.
        var legend = new[] { ("#512bd4", "through the proxy"), ("#a08ce6", "with checks straight at instances"), ("#c2410c", "fail-closed"), ("#dc2626", "wrong"), ("#111", "other 5xx or no answer"), ("#f59e0b", "fault window") };
        var lx = (double)Left;
        foreach (var (color, label) in legend)
        {
            Add($"""<rect x="{lx:F1}" y="{H - 16}" width="10" height="10" fill="{color}"{(color == "#f59e0b" ? " fill-opacity=\"0.35\"" : string.Empty)}/><text x="{lx + 14:F1}" y="{H - 7}" font-size="11">{label}</text>""");
            lx += 24 + (label.Length * 6.2);
        }

        Add($"</svg>");
        return svg.ToString();
    }
}
