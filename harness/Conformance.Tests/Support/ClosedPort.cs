using System.Net;
using System.Net.Sockets;

namespace Conformance.Tests.Support;

/// <summary>A loopback port that nothing listens on (bound by the OS, then released).</summary>
public static class ClosedPort
{
    public static int Get()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
