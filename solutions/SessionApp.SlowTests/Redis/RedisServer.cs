using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Workshop.Testkit;

namespace SessionApp.Tests.Slow.Redis;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, for one test: nothing written to disk, stopped by its process id.
/// A test can kill it (an outage) and start it again on the same port (the outage ends). Without redis-server the test
/// is skipped with one line naming the fix; with CI=true it fails instead, so a missing server never hides there.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string Fix = "apt-get install redis-server (Debian, Ubuntu) or brew install redis (macOS)";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(10);

    private readonly string _executable;
    private readonly string? _directory;
    private Process? _process;

    private RedisServer(string executable, int port, string? directory)
    {
        _executable = executable;
        Port = port;
        _directory = directory;
    }

    /// <summary>The loopback port it listens on (the same after <see cref="StartAgainAsync"/>).</summary>
    public int Port { get; }

    /// <summary>What the app's <c>Session:Redis</c> setting takes.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>redis-server on the PATH, or null.</summary>
    public static string? Executable { get; } = Find();

    /// <summary>
    /// Starts a server on a free port and waits until it answers PING; skips (or fails under CI=true) without one.
    /// <paramref name="persistent"/>: with an append-only file (every write synced, in a folder of its own), so what it
    /// held is there again after <see cref="Kill"/> and <see cref="StartAgainAsync"/>; otherwise nothing is written to disk.
    /// </summary>
    public static async Task<RedisServer> StartAsync(bool persistent = false)
    {
        var executable = Require();
        // A port is free when asked, and may be taken by the time redis-server binds it: then try another.
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(executable, LoopbackPort.Free(), persistent ? Directory.CreateTempSubdirectory("workshop-redis-").FullName : null);
            try
            {
                await server.StartAgainAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Starts it (again) on <see cref="Port"/>, empty unless persistent, and waits until it answers PING.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("redis-server is already running.");
        }

        _process?.Dispose();
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] storage = _directory is null
            ? ["--save", "", "--appendonly", "no"]
            : ["--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", _directory];
        foreach (var argument in (string[])["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", .. storage])
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartLimit)
        {
            if (_process.HasExited)
            {
                break;
            }

            if (await AnswersPingAsync())
            {
                return;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Kill();
        string said;
        lock (output)
        {
            said = output.ToString();
        }

        throw new InvalidOperationException($"redis-server did not answer PING on 127.0.0.1:{Port} within {StartLimit.TotalSeconds} s. It said:{Environment.NewLine}{said}");
    }

    /// <summary>Kills the server (SIGKILL, by its process id), as an outage would, and waits until it has exited.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>Whether a PING on the port gets +PONG.</summary>
    public async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var tcp = new TcpClient();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(1));
            await tcp.ConnectAsync(IPAddress.Loopback, Port, limit.Token);
            var stream = tcp.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), limit.Token);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, limit.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        _process = null;
        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private static string Require()
    {
        if (Executable is { } executable)
        {
            return executable;
        }

        const string problem = "redis-server was not found on the PATH.";
        if (Ci.IsCi)
        {
            throw new InvalidOperationException($"{problem} CI=true, so the Redis tests must run: {Fix}.");
        }

        Assert.Skip($"Redis test skipped: {problem} Install it: {Fix}.");
        return null!; // Assert.Skip always throws.
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, OperatingSystem.IsWindows() ? "redis-server.exe" : "redis-server"))
            .FirstOrDefault(File.Exists);

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
