using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workshop;

/// <summary>
/// The room board of <c>room serve</c>: a page for the instructor's screen with one row per learner (step, task,
/// passed and failed), fed by the one-line reports their test runs send (<see cref="RoomReport"/>). It keeps the rows
/// in memory only, so nothing is left once it stops; it takes small JSON reports and nothing else.
/// </summary>
public static partial class RoomBoard
{
    /// <summary>The board's port: next to the app's 5080 and 5081, free on a workshop laptop.</summary>
    public const int DefaultPort = 5090;

    /// <summary>More rows than any room has: a board on a shared Wi-Fi cannot be filled without end.</summary>
    public const int MaxLearners = 500;

    [GeneratedRegex("^[A-Za-z0-9-]{8,64}$")]
    private static partial Regex IdRule();

    /// <summary>One learner's row: their last report, and when it came (the board's clock).</summary>
    public sealed record Row(string Name, int Step, string Summary, int Passed, int Failed, int Skipped, DateTimeOffset At);

    /// <summary>A new join code: 10 characters from the operating system's generator, in the address learners join.</summary>
    public static string NewJoinCode() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5));

    /// <summary>Where learners join a board: its address and its code, <c>http://192.168.1.20:5090/join/3f9a0c21b7/</c>.</summary>
    public static Uri JoinAddress(Uri board, string joinCode) => new(board, $"join/{joinCode}/");

    /// <summary>
    /// The board, listening on <paramref name="url"/> (<c>http://127.0.0.1:0</c> for a free port); not started. Reports
    /// are taken only at <see cref="JoinAddress"/>: on a room's shared Wi-Fi, someone who was not shown the join line
    /// cannot add rows.
    /// </summary>
    public static WebApplication Create(string url, string joinCode, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(joinCode);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 4096);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddProblemDetails();
        var app = builder.Build();
        var time = clock ?? TimeProvider.System;
        var rows = new ConcurrentDictionary<string, Row>();

        app.UseStatusCodePages(); // a body that is not a report's JSON gets a ProblemDetails 400 too
        app.Use(async (context, next) =>
        {
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            await next(context);
        });
        app.MapGet("/", () => Results.Content(Page, "text/html; charset=utf-8"));
        app.MapGet("/board.js", () => Results.Content(Script, "text/javascript; charset=utf-8"));
        app.MapGet("/board.css", () => Results.Content(Style, "text/css; charset=utf-8"));
        app.MapGet("/api/board", () => new
        {
            now = time.GetUtcNow(),
            rows = rows.Values.OrderByDescending(r => r.Step).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase),
        });
        var code = System.Text.Encoding.UTF8.GetBytes(joinCode);
        app.MapPost("/join/{given}/api/reports", (string given, RoomReport report) =>
        {
            if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(given), code))
            {
                return Results.Problem(title: "Wrong join code", detail: "Join with the line `room serve` printed: its address ends with the board's code.", statusCode: StatusCodes.Status403Forbidden);
            }

            if (Problem(report) is { } problem)
            {
                return Results.Problem(title: "Report refused", detail: problem, statusCode: StatusCodes.Status400BadRequest);
            }

            if (!rows.ContainsKey(report.Id) && rows.Count >= MaxLearners)
            {
                return Results.Problem(title: "Board full", detail: $"The board shows at most {MaxLearners} learners.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            rows[report.Id] = new Row(report.Name.Trim(), report.Step, report.Summary, report.Passed, report.Failed, report.Skipped, time.GetUtcNow());
            return Results.NoContent();
        });
        return app;
    }

    /// <summary>What is wrong with a report, in one sentence, or null when the board can show it.</summary>
    public static string? Problem(RoomReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Id is null || !IdRule().IsMatch(report.Id) ? "id must be 8 to 64 letters, digits or dashes."
            : NameProblem(report.Name) is { } name ? name
            : report.Step < 0 || report.Step > Step.All.Count + 1 ? $"step must be 0 to {Step.All.Count + 1}."
            : string.IsNullOrWhiteSpace(report.Summary) || report.Summary.Length > 120 || report.Summary.Any(char.IsControl) ? "summary must be one line of at most 120 characters."
            : report.Passed is < 0 or > 100_000 || report.Failed is < 0 or > 100_000 || report.Skipped is < 0 or > 100_000 ? "passed, failed and skipped must be 0 to 100000."
            : null;
    }

    /// <summary>What is wrong with a name to show on the board, or null: one line, 1 to 40 characters.</summary>
    public static string? NameProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > RoomMembership.MaxNameLength || name.Any(char.IsControl)
            ? $"name must be 1 to {RoomMembership.MaxNameLength} characters on one line (a first name or a seat number)."
            : null;

    private const string Page = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Room board</title>
        <link rel="stylesheet" href="/board.css">
        <script src="/board.js" defer></script>
        </head>
        <body>
        <header><h1>Room board</h1><p id="totals" aria-live="polite">Waiting for the first test run…</p></header>
        <main>
        <table>
        <caption>Each learner's last test run, newest step first. It updates by itself.</caption>
        <thead><tr><th scope="col">Learner</th><th scope="col">Where</th><th scope="col" class="n">Passed</th><th scope="col" class="n">Failed</th><th scope="col">Last run</th></tr></thead>
        <tbody id="rows"></tbody>
        </table>
        <p id="empty">Nobody has joined yet. Each learner runs the <code>room join</code> line that <code>room serve</code> printed, from the repository root.</p>
        </main>
        </body>
        </html>
        """;

    private const string Style = """
        :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
        body { margin: 1rem 2rem; font-size: 1.25rem; }
        h1 { margin: 0; font-size: 2rem; }
        table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
        caption { text-align: left; font-size: 1rem; opacity: .8; padding-bottom: .5rem; }
        th, td { text-align: left; padding: .4rem .8rem; border-bottom: 1px solid #8884; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        tr.done td.where { color: #0a7a2f; font-weight: 600; }
        tr.red td.where { color: #a35200; font-weight: 600; }
        tr.old { opacity: .55; }
        @media (prefers-color-scheme: dark) { tr.done td.where { color: #5fd38a; } tr.red td.where { color: #ffb35c; } }
        code { font-size: 1rem; }
        """;

    // Names are learners' input: they reach the page as text (textContent), never as HTML.
    private const string Script = """
        "use strict";
        const rowsEl = document.getElementById("rows");
        const totalsEl = document.getElementById("totals");
        const emptyEl = document.getElementById("empty");
        function ago(seconds) {
          if (seconds < 60) return Math.max(0, Math.round(seconds)) + " s ago";
          if (seconds < 3600) return Math.round(seconds / 60) + " min ago";
          return Math.round(seconds / 3600) + " h ago";
        }
        function cell(tr, text, className) {
          const td = document.createElement("td");
          td.textContent = text;
          if (className) td.className = className;
          tr.appendChild(td);
        }
        async function refresh() {
          try {
            const response = await fetch("/api/board", { cache: "no-store" });
            const board = await response.json();
            const now = Date.parse(board.now);
            rowsEl.replaceChildren();
            for (const row of board.rows) {
              const tr = document.createElement("tr");
              const seconds = (now - Date.parse(row.at)) / 1000;
              tr.className = (row.step === 0 ? "" : row.failed === 0 ? "done" : "red") + (seconds > 900 ? " old" : "");
              cell(tr, row.name);
              cell(tr, row.step === 0 ? "joined, no step tested yet" : row.summary, "where");
              cell(tr, String(row.passed), "n");
              cell(tr, String(row.failed), "n");
              cell(tr, ago(seconds));
              rowsEl.appendChild(tr);
            }
            emptyEl.hidden = board.rows.length > 0;
            const done = board.rows.filter(r => r.step > 0 && r.failed === 0).length;
            totalsEl.textContent = board.rows.length === 0 ? "Nobody has joined yet."
              : board.rows.length + (board.rows.length === 1 ? " learner" : " learners") + ", " + done + " on a green step.";
          } catch {
            totalsEl.textContent = "The board does not answer: is `room serve` still running?";
          }
        }
        refresh();
        setInterval(refresh, 2000);
        """;
}
