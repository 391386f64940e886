using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Workshop;

/// <summary>
/// The <c>room</c> verbs: <c>serve</c> runs the board on the instructor's laptop, <c>join</c> points a learner's test
/// runs at it, <c>leave</c> stops them. What a run sends is <see cref="RoomReport"/>: a name, a step and its one-line
/// summary and counts.
/// </summary>
public static class Room
{
    public static async Task<int> ServeAsync(Here here, IConsole console, string address, int port, CancellationToken cancellationToken)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            throw new UsageException($"'{address}' is not an IP address: leave --address out for this laptop only, or give 0.0.0.0 for the room's network.");
        }

        var url = $"http://{(ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString())}:{port}";
        var joinCode = RoomBoard.NewJoinCode();
        await using var board = RoomBoard.Create(url, joinCode);
        try
        {
            await board.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            console.WriteLine($"Port {port} is in use (another board?): stop it, or choose another port with `{here.Tool($"room serve --port {port + 1}")}`.", ConsoleColor.Red);
            return Cli.ExitFailed;
        }

        var listening = new Uri(board.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        console.WriteLine($"The room board is at {listening} (open it on the projector). It keeps nothing once stopped: Ctrl+C ends it.");
        var joinAt = (IPAddress.IsLoopback(ip)
            ? [listening]
            : LanAddresses().Select(a => new Uri($"http://{a}:{listening.Port}/")).DefaultIfEmpty(listening))
            .Select(board => RoomBoard.JoinAddress(board, joinCode).ToString()).ToList();
        if (IPAddress.IsLoopback(ip))
        {
            console.WriteLine($"It listens on this laptop only. For the room's network: `{here.Tool("room serve --address 0.0.0.0")}`.");
        }

        console.WriteLine("Each learner joins from the repository root (bash and PowerShell alike):");
        foreach (var join in joinAt)
        {
            console.WriteLine($"  dotnet run --project tools/Workshop -- room join {join} --name <their name>");
        }

        await board.WaitForShutdownAsync(cancellationToken);
        return Cli.ExitOk;
    }

    public static async Task<int> JoinAsync(Here here, IConsole console, string board, string name, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(board.EndsWith('/') ? board : board + "/", UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"'{board}' is not the board's address: copy it from the instructor's screen, like http://192.168.1.20:{RoomBoard.DefaultPort}/join/3f9a0c21b7.");
        }

        if (RoomBoard.NameProblem(name) is { } problem)
        {
            throw new UsageException($"--name: {problem}");
        }

        var root = here.Repository.Root;
        var membership = new RoomMembership(address, name.Trim(), RoomMembership.Read(root)?.Id ?? Guid.NewGuid().ToString("N"));

        // Where this laptop is now: the furthest step tested here, or only "joined".
        var furthest = Step.All.Reverse().Select(s => (Step: s, Results: StepResults.Read(root, s))).FirstOrDefault(s => s.Results is not null);
        var report = furthest.Results is { } results
            ? membership.ReportOf(furthest.Step, results)
            : new RoomReport(membership.Id, membership.Name, 0, "joined", 0, 0, 0);
        if (await membership.SendAsync(report, cancellationToken) is { } failure)
        {
            console.WriteLine($"Not joined: {failure}. Check the address on the instructor's screen and that this laptop is on the room's network.", ConsoleColor.Red);
            return Cli.ExitFailed;
        }

        membership.Write(root);
        console.WriteLine($"Joined the board at {address} as {membership.Name}.", ConsoleColor.Green);
        console.WriteLine("From now on each test run of a step sends it that step's one-line summary (\"03-store: task 2 of 2\") and its counts; nothing else leaves this laptop.");
        console.WriteLine($"`{here.Tool("room leave")}` stops it.");
        return Cli.ExitOk;
    }

    public static int Leave(Here here, IConsole console)
    {
        var file = RoomMembership.FileOf(here.Repository.Root);
        var was = RoomMembership.Read(here.Repository.Root);
        File.Delete(file);
        console.WriteLine(was is null ? "This laptop had not joined a board." : $"Left the board at {was.Board}: test runs no longer send anything.");
        return Cli.ExitOk;
    }

    /// <summary>This laptop's IPv4 addresses on the networks that are up, for the join commands to show.</summary>
    private static IEnumerable<IPAddress> LanAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
