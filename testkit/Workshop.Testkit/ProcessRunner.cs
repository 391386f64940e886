using System.Diagnostics;
using System.Text;

namespace Workshop.Testkit;

/// <summary>
/// Runs a command to the end and keeps what it printed. Standard output and standard error are read at the same time
/// (reading one to the end before the other can deadlock when the other's pipe fills up).
/// </summary>
public static class ProcessRunner
{
    private static readonly AsyncLocal<StartCount?> Counting = new();

    /// <summary>
    /// Counts the processes this code path starts from now on (other tests running at the same time are not counted):
    /// how a test shows that a verb answered without building or running anything.
    /// </summary>
    public static StartCount CountStarts() => Counting.Value = new StartCount();

    /// <summary>The processes started since <see cref="CountStarts"/>, by file name and arguments.</summary>
    public sealed class StartCount
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _started = new();

        public IReadOnlyList<string> Started => [.. _started];

        internal void Add(string commandLine) => _started.Enqueue(commandLine);
    }

    /// <param name="ExitCode">The exit code, or -1 when the command was stopped at its time limit.</param>
    /// <param name="StandardOutput">Standard output alone (for commands that answer in JSON).</param>
    /// <param name="Output">Standard output and standard error, interleaved as they came.</param>
    public sealed record Result(int ExitCode, string StandardOutput, string Output, bool TimedOut);

    /// <summary>
    /// Runs <paramref name="fileName"/> with a plain, stable environment: no telemetry banner, no colours, and none of
    /// the variables a surrounding build or test run sets (MSBuild paths, test-platform handshakes), which would
    /// otherwise leak into a nested <c>dotnet</c> command and break it.
    /// </summary>
    public static async Task<Result> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan? timeout = null,
        string? standardInput = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var start = StartInfo(fileName, arguments, workingDirectory, environment);
        start.RedirectStandardInput = standardInput is not null;
        var stdout = new StringBuilder();
        var both = new StringBuilder();
        Counting.Value?.Add(string.Join(' ', [fileName, .. start.ArgumentList]));
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data, stdout);
        process.ErrorDataReceived += (_, e) => Append(e.Data, null);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return new Result(-1, Text(stdout), Text(both), TimedOut: true);
        }

        // WaitForExitAsync returns once the process ends; this waits for the last redirected lines too.
        process.WaitForExit();
        return new Result(process.ExitCode, Text(stdout), Text(both), TimedOut: false);

        void Append(string? line, StringBuilder? alsoTo)
        {
            if (line is null)
            {
                return;
            }

            lock (both)
            {
                both.AppendLine(line);
                alsoTo?.AppendLine(line);
            }
        }

        string Text(StringBuilder builder)
        {
            lock (both)
            {
                return builder.ToString();
            }
        }
    }

    /// <summary>
    /// Starts a command that runs until stopped (a server), with the same plain environment as <see cref="RunAsync"/>;
    /// each line it prints, on standard output or standard error, goes to <paramref name="onLine"/>. The caller stops it
    /// (<see cref="Process.Kill(bool)"/> with its whole process tree) and disposes of it.
    /// </summary>
    public static Process Start(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment,
        Action<string> onLine)
    {
        var start = StartInfo(fileName, arguments, workingDirectory, environment);
        Counting.Value?.Add(string.Join(' ', [fileName, .. start.ArgumentList]));
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;

        void Forward(string? line)
        {
            if (line is not null)
            {
                onLine(line);
            }
        }
    }

    /// <summary>The command, its arguments and a plain environment: a null value in <paramref name="environment"/> removes that variable.</summary>
    private static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.Where(IsLeaky).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        return start;
    }

    private static bool IsLeaky(string key) =>
        key.StartsWith("MSBuild", StringComparison.Ordinal)
        || key is "MSBUILD_EXE_PATH" or "DOTNET_HOST_PATH" or "MSBUILDNOINPROCNODE"
        || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("XUNIT", StringComparison.OrdinalIgnoreCase);
}
