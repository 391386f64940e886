using System.Net;
using System.Net.Sockets;

namespace Workshop.Testkit;

/// <summary>Ports on 127.0.0.1, for servers the tests and the tool start (never a fixed one, where any port will do).</summary>
public static class LoopbackPort
{
    /// <summary>A port free on 127.0.0.1 now, as the operating system picks one for port 0.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
