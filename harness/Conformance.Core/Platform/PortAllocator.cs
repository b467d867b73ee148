using System.Net;
using System.Net.Sockets;

namespace Conformance.Platform;

/// <summary>
/// Allocates free loopback ports for a target to bind. The port is released before the target binds it, so two
/// allocations in this process never hand out the same port twice.
/// </summary>
public static class PortAllocator
{
    private static readonly HashSet<int> Handed = [];
    private static readonly Lock Gate = new();

    public static int Allocate()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            lock (Gate)
            {
                if (Handed.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("no free loopback port after 50 attempts");
    }
}
