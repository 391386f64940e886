using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SessionApp.Session;
using SessionApp.Tests.Infrastructure;
using Shouldly;

namespace SessionApp.Tests.Slow;

/// <summary>
/// A client that cannot send its body whole (too slowly, or with broken chunked framing) is at fault: the store route
/// answers 408 or 400 ProblemDetails, sets no cookie, and logs nothing at Error. Real sockets, since only Kestrel
/// enforces data rates and framing.
/// </summary>
public sealed class BodyFaultTests : IAsyncDisposable
{
    private readonly SessionAppFactory _app = new();

    private async Task<string> SendRawAsync(string head, string body, TimeSpan wait, Action<KestrelServerOptions>? kestrel = null)
    {
        var address = _app.StartOnLoopback(kestrel);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ReplaceLineEndings("\r\n") + "\r\n" + body), TestContext.Current.CancellationToken);

        // Read what the server answers, until it closes or the wait is over.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(wait);
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, limit.Token)) > 0)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
                if (answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && answer.ToString().EndsWith('}'))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return answer.ToString();
    }

    private void ShouldHaveLoggedNoError() =>
        _app.Logs.GetSnapshot().Where(r => r.Level >= LogLevel.Error).Select(r => r.Message).ShouldBeEmpty("a client's fault is not the app's error");

    [Fact]
    public async Task A_body_that_stalls_below_the_minimum_data_rate_gets_408_not_500()
    {
        var head = $"""
            POST {SessionEndpoints.StoreRoute} HTTP/1.1
            Host: localhost
            Content-Type: application/json
            Content-Length: 200

            """;

        var answer = await SendRawAsync(head, """{"id":1,""", TimeSpan.FromSeconds(20),
            kestrel => kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 100, gracePeriod: TimeSpan.FromSeconds(2)));

        answer.ShouldStartWith("HTTP/1.1 408", customMessage: answer);
        answer.ShouldContain("application/problem+json");
        answer.ShouldNotContain("Set-Cookie", Case.Insensitive);
        ShouldHaveLoggedNoError();
    }

    [Fact]
    public async Task A_body_with_broken_chunked_framing_gets_400_not_500()
    {
        var head = $"""
            POST {SessionEndpoints.StoreRoute} HTTP/1.1
            Host: localhost
            Content-Type: application/json
            Transfer-Encoding: chunked

            """;

        var answer = await SendRawAsync(head, "zz\r\nnot a chunk\r\n0\r\n\r\n", TimeSpan.FromSeconds(10));

        answer.ShouldStartWith("HTTP/1.1 400", customMessage: answer);
        answer.ShouldContain("application/problem+json");
        answer.ShouldNotContain("Set-Cookie", Case.Insensitive);
        ShouldHaveLoggedNoError();
    }

    [Fact]
    public async Task A_client_that_resets_mid_body_is_counted_and_logged_at_Debug_not_as_an_error()
    {
        var address = _app.StartOnLoopback();
        using var refused = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            _app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), SessionMetrics.MeterName, SessionMetrics.BodyRefusedName);
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
            var head = $"POST {SessionEndpoints.StoreRoute} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n";
            await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head + """{"id":1,"""), TestContext.Current.CancellationToken);
            await Task.Delay(200, TestContext.Current.CancellationToken);

            // Close with a reset (no FIN, no rest of the body), as a dropped connection or a killed client does.
            tcp.Client.LingerState = new LingerOption(true, 0);
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (refused.GetMeasurementSnapshot().Count == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        refused.GetMeasurementSnapshot().Select(m => m.Tags[SessionMetrics.ReasonTag]).ShouldBe([SessionMetrics.BodyReasons.Aborted],
            "a body the client abandoned should be counted under session.body.refused, reason aborted");
        ShouldHaveLoggedNoError();
        _app.Logs.GetSnapshot().ShouldContain(r => r.Level == LogLevel.Debug && r.Message.Contains("(aborted)", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
