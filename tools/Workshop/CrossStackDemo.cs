using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workshop;

/// <summary>
/// The cross-stack demo (docs/cross-stack.md): the finished ASP.NET Core app (solutions/SessionApp, Development), the
/// Next.js app in demos/cross-stack/next (<c>next start</c>, basePath /next) and the YARP front in
/// demos/cross-stack/Front that serves both under one origin. Both apps get the same cookie name and password, so each
/// reads the cookie the other sealed. The two apps listen on free loopback ports; only the front's port is chosen.
/// Started by <c>demo cross-stack</c>, and by its browser test; disposing stops all three, with their process trees.
/// </summary>
public sealed class CrossStackDemo : IAsyncDisposable
{
    /// <summary>The front's port unless told (the app's own is 5080, the room board's 5090).</summary>
    public const int DefaultPort = 5100;

    /// <summary>The ASP.NET Core app's cookie name when none is configured (IronSessionOptions.DefaultCookieName).</summary>
    public const string CookieName = "workshop_auth";

    /// <summary>The ASP.NET Core app's password in Development (IronSessionOptions.DevelopmentPassword): public, so both apps may share it here.</summary>
    public const string Password = "DEVELOPMENT-ONLY-password-never-use-in-production-0123456789";

    /// <summary>The demo user in the ASP.NET Core app's Development settings, and the password its hash is of (published in the README).</summary>
    public const string DemoUsername = "tvy";

    public const string DemoPassword = "workshop-demo-password";

    /// <summary>The Next.js app's pages, under its basePath.</summary>
    public const string NextSessionPath = "/next";

    public const string NextLoginPath = "/next/login";

    /// <summary>How long the three may take to start: <c>dotnet run</c> builds first, which is slow on a 2-core laptop.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly List<Server> _servers = [];

    private CrossStackDemo(Uri front, Uri aspNetCore, Uri next)
    {
        Front = front;
        AspNetCore = aspNetCore;
        Next = next;
    }

    /// <summary>The one origin the browser uses: /next/... is the Next.js app, the rest the ASP.NET Core app.</summary>
    public Uri Front { get; }

    /// <summary>The ASP.NET Core app itself, on its free port (the Next.js app asks it about the session here).</summary>
    public Uri AspNetCore { get; }

    /// <summary>The Next.js app itself, on its free port.</summary>
    public Uri Next { get; }

    public static string NextFolder(Repository repository) => Path.Combine(repository.Root, "demos", "cross-stack", "next");

    public static string FrontProject(Repository repository) => Path.Combine(repository.Root, "demos", "cross-stack", "Front");

    /// <summary>
    /// The verb <c>demo cross-stack</c>: checks what the demo needs (the front's port, the Next.js packages, Node), starts
    /// the three, prints where to look, and runs until Ctrl+C, which stops all three.
    /// </summary>
    public static async Task<int> RunAsync(Here here, IConsole console, int port, CancellationToken cancellationToken)
    {
        if (port is < 1 or > IPEndPoint.MaxPort)
        {
            throw new UsageException($"--port {port} is not a port: give one from 1 to {IPEndPoint.MaxPort}, or leave it out for {DefaultPort}.");
        }

        if (!Doctor.PortCheck(port).Ok)
        {
            console.WriteLine($"Port {port} is in use (the demo running already?): stop that, or choose another port with `{here.Tool($"demo cross-stack --port {port + 1}")}`.", ConsoleColor.Red);
            return Cli.ExitFailed;
        }

        if ((MissingPackages(here) ?? await NodeProblemAsync(cancellationToken)) is { } problem)
        {
            console.WriteLine(problem, ConsoleColor.Red);
            return Cli.ExitFailed;
        }

        var clock = Stopwatch.StartNew();
        CrossStackDemo demo;
        try
        {
            demo = await StartAsync(here.Repository, port, build: true, line => console.WriteLine(line), cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            console.WriteLine(e.Message, ConsoleColor.Red);
            return Cli.ExitFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.WriteLine("Stopped before the demo was up.");
            return Cli.ExitOk;
        }

        await using (demo)
        {
            var front = demo.Front.ToString().TrimEnd('/');
            console.WriteLine($"The cross-stack demo is up (after {clock.Elapsed.TotalSeconds:0} s). Open in a browser:", ConsoleColor.Green);
            console.WriteLine($"  {front}{NextLoginPath}   Next.js: log in ({DemoUsername} / {DemoPassword})");
            console.WriteLine($"  {front}{NextSessionPath}         Next.js: the session as iron-session reads it, and as ASP.NET Core says");
            console.WriteLine($"  {front}/             ASP.NET Core: the home page (its logout), {front}/login to log in there");
            console.WriteLine($"One origin, two apps: the front sends /next to Next.js ({demo.Next}) and the rest to ASP.NET Core ({demo.AspNetCore}).");
            console.WriteLine("Ctrl+C stops all three.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                console.WriteLine("Stopping the three...");
            }
        }

        return Cli.ExitOk;
    }

    /// <summary>What the Next.js app needs installed before it can start: null when it is, else the line that names the fix.</summary>
    public static string? MissingPackages(Here here)
    {
        var folder = NextFolder(here.Repository);
        string[] needed = ["next", "iron-session", "react", "react-dom"];
        return needed.All(package => File.Exists(Path.Combine(folder, "node_modules", package, "package.json")))
            ? null
            : $"{here.Show(Path.Combine(folder, "node_modules"))} is missing: run `npm ci --prefix {here.Show(folder)}` "
              + (here.Folder == here.Repository.Root ? "from the repository root" : "here")
              + " (Node 20 or later; it needs the npm registry or a filled npm cache, see the offline kit in docs/instructor-guide.md), then start the demo again.";
    }

    /// <summary>What <c>next build</c> reads, in demos/cross-stack/next: a change to any of it calls for a new build.</summary>
    private static readonly string[] SourceFolders = ["pages", "lib"];

    private static readonly string[] SourceFiles = ["next.config.js", "styles.css", "package.json", "package-lock.json"];

    /// <summary>Whether <c>next build</c> must run: no build yet, or a page, the config or the lock file changed since.</summary>
    public static bool NeedsBuild(string nextFolder)
    {
        var buildId = new FileInfo(Path.Combine(nextFolder, ".next", "BUILD_ID"));
        if (!buildId.Exists)
        {
            return true;
        }

        var sources = SourceFolders
            .Select(d => Path.Combine(nextFolder, d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Concat(SourceFiles.Select(f => Path.Combine(nextFolder, f)).Where(File.Exists));
        return sources.Any(f => File.GetLastWriteTimeUtc(f) > buildId.LastWriteTimeUtc);
    }

    /// <summary>Node's problem, in one line that names the fix: none found, or older than 20; null when Node will do.</summary>
    public static async Task<string?> NodeProblemAsync(CancellationToken cancellationToken)
    {
        ProcessRunner.Result result;
        try
        {
            result = await ProcessRunner.RunAsync("node", ["--version"], Directory.GetCurrentDirectory(), TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        }
        catch (Win32Exception)
        {
            return "Node.js was not found: install Node 20 or later (nodejs.org), then start the demo again.";
        }

        var text = result.StandardOutput.Trim().TrimStart('v');
        return result.ExitCode == 0 && Version.TryParse(text, out var version) && version.Major >= 20
            ? null
            : $"Node.js {result.StandardOutput.Trim()} is too old: the Next.js app needs Node 20 or later (nodejs.org).";
    }

    /// <summary>
    /// Builds the Next.js app if needed, starts the three and waits until the front answers for both apps. The checks
    /// of <see cref="MissingPackages"/> and <see cref="NodeProblemAsync"/> come first, from the caller.
    /// </summary>
    /// <param name="repository">The workshop repository.</param>
    /// <param name="frontPort">The front's loopback port (0: a free one).</param>
    /// <param name="build">Whether <c>dotnet run</c> builds the two .NET projects first (false when they are built already, as in the tests).</param>
    /// <param name="say">Where progress goes, one line at a time.</param>
    /// <param name="cancellationToken">Stops the start (Ctrl+C); whatever started is stopped.</param>
    /// <exception cref="InvalidOperationException">A step failed: the message says which, with the last lines it printed.</exception>
    public static async Task<CrossStackDemo> StartAsync(Repository repository, int frontPort, bool build, Action<string> say, CancellationToken cancellationToken)
    {
        var next = NextFolder(repository);
        if (NeedsBuild(next))
        {
            say("Building the Next.js app (next build, about 10 s)...");
            var built = await ProcessRunner.RunAsync("node", [NextCli, "build"], next, TimeSpan.FromMinutes(5), environment: NodeEnvironment(null), cancellationToken: cancellationToken);
            if (built.ExitCode != 0)
            {
                throw new InvalidOperationException($"next build failed (exit {built.ExitCode}):{Environment.NewLine}{Tail(built.Output)}");
            }
        }

        var appPort = LoopbackPort.Free();
        var nextPort = LoopbackPort.Free();
        frontPort = frontPort == 0 ? LoopbackPort.Free() : frontPort;
        var demo = new CrossStackDemo(Loopback(frontPort), Loopback(appPort), Loopback(nextPort));
        try
        {
            string[] noBuild = build ? [] : ["--no-build"];
            say("Starting the ASP.NET Core app, the Next.js app and the front...");
            demo._servers.Add(Server.Start("the ASP.NET Core app", "dotnet", ["run", .. noBuild, "--no-launch-profile"], repository.Solution, AppEnvironment(demo.AspNetCore)));
            demo._servers.Add(Server.Start("the Next.js app", "node", [NextCli, "start", "-p", Port(nextPort), "-H", IPAddress.Loopback.ToString()], next,
                NodeEnvironment(new Dictionary<string, string?>
                {
                    ["SESSION_COOKIE_NAME"] = CookieName,
                    ["SESSION_PASSWORD"] = Password,
                    ["DEMO_USER"] = DemoUserJson(repository),
                    ["DEMO_PASSWORD"] = DemoPassword,
                    ["ASPNETCORE_APP_URL"] = demo.AspNetCore.ToString(),
                })));
            demo._servers.Add(Server.Start("the front", "dotnet",
                ["run", .. noBuild, "--no-launch-profile", "--", "--urls", demo.Front.ToString().TrimEnd('/'), "--Next", demo.Next.ToString(), "--AspNetCore", demo.AspNetCore.ToString()],
                FrontProject(repository), new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }));
            await demo.WaitUntilReadyAsync(cancellationToken);
            return demo;
        }
        catch
        {
            await demo.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the three, each with its process tree (<c>dotnet run</c> runs the app as its child).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.StopAsync();
        }

        _servers.Clear();
    }

    private const string NextCliPath = "node_modules/next/dist/bin/next";

    /// <summary>Next's own command, run by node (npm and npx are .cmd files on Windows, node is not).</summary>
    private static string NextCli => NextCliPath.Replace('/', Path.DirectorySeparatorChar);

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        // The front answers for both apps: the ASP.NET Core app's health check and the Next.js login page.
        Uri[] probes = [new(Front, "/healthz"), new(Front, NextLoginPath)];
        while (true)
        {
            if (_servers.FirstOrDefault(s => s.HasExited) is { } stopped)
            {
                throw new InvalidOperationException($"{stopped.Name} stopped while starting (exit {stopped.ExitCode}):{Environment.NewLine}{stopped.Tail()}");
            }

            if (await AllAnswerAsync(http, probes, cancellationToken))
            {
                return;
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"The demo did not answer at {Front} within {StartTimeout.TotalMinutes} minutes. What each printed last:"
                    + string.Concat(_servers.Select(s => $"{Environment.NewLine}--- {s.Name}:{Environment.NewLine}{s.Tail()}")));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    private static async Task<bool> AllAnswerAsync(HttpClient http, Uri[] probes, CancellationToken cancellationToken)
    {
        foreach (var probe in probes)
        {
            try
            {
                using var response = await http.GetAsync(probe, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The ASP.NET Core app in Development, on its port, with the cookie name and password stated (so a Session__ variable
    /// in the learner's shell cannot make the two apps disagree).
    /// </summary>
    private static Dictionary<string, string?> AppEnvironment(Uri url)
    {
        var environment = Inherited("Session__", "Login__");
        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
        environment["Session__CookieName"] = CookieName;
        environment["Session__Password"] = Password;
        return environment;
    }

    private static Dictionary<string, string?> NodeEnvironment(Dictionary<string, string?>? more)
    {
        var environment = more ?? [];
        environment["NEXT_TELEMETRY_DISABLED"] = "1";
        return environment;
    }

    /// <summary>The inherited variables with these prefixes, each set to null: removed from the child's environment.</summary>
    private static Dictionary<string, string?> Inherited(params string[] prefixes) =>
        Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(key => prefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .ToDictionary(key => key, _ => (string?)null, StringComparer.Ordinal);

    /// <summary>
    /// The demo user as the ASP.NET Core app's SessionUser writes it ({ id, username, fullName, avatarUrl }), read from
    /// its Development settings, so the Next.js login seals the same user the password login does.
    /// </summary>
    public static string DemoUserJson(Repository repository)
    {
        var file = Path.Combine(repository.Solution, "appsettings.Development.json");
        var settings = JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var user = settings?["Login"]?["Users"]?[DemoUsername]
            ?? throw new InvalidOperationException($"{file} has no Login:Users:{DemoUsername}: the demo logs in as that user.");
        return new JsonObject
        {
            ["id"] = user["Id"]?.GetValue<long>(),
            ["username"] = DemoUsername,
            ["fullName"] = user["FullName"]?.GetValue<string>(),
            ["avatarUrl"] = user["AvatarUrl"]?.GetValue<string>(),
        }.ToJsonString();
    }

    private static Uri Loopback(int port) => new($"http://{IPAddress.Loopback}:{Port(port)}/");

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static string Tail(string output) => string.Join(Environment.NewLine, output.Split('\n').Select(l => l.TrimEnd('\r')).TakeLast(30));

    /// <summary>One of the three: its process and the last lines it printed (for the message when it fails).</summary>
    private sealed class Server(string name, Process process, ConcurrentQueue<string> lines)
    {
        private const int KeptLines = 40;

        public string Name { get; } = name;

        public bool HasExited => process.HasExited;

        public int ExitCode => process.ExitCode;

        public static Server Start(string name, string fileName, IEnumerable<string> arguments, string folder, IReadOnlyDictionary<string, string?> environment)
        {
            var lines = new ConcurrentQueue<string>();
            var process = ProcessRunner.Start(fileName, arguments, folder, environment, line =>
            {
                lines.Enqueue(line);
                while (lines.Count > KeptLines && lines.TryDequeue(out _))
                {
                }
            });
            return new Server(name, process, lines);
        }

        public string Tail() => string.Join(Environment.NewLine, lines);

        public async Task StopAsync()
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(wait.Token);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or Win32Exception)
            {
                // Already gone, or not stopping: nothing more to do from here.
            }
            finally
            {
                process.Dispose();
            }
        }
    }
}
