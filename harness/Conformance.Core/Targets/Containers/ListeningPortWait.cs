using System.Net.Sockets;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace Conformance.Targets.Containers;

/// <summary>
/// Testcontainers wait strategy: ready when the container's own address accepts TCP on every port that must listen (the
/// ready port, then the TLS and redirect endpoints' ports: a server may open its listeners one after another, and
/// scenarios start at once). The published host port is no signal — the engine's proxy accepts there before anything
/// listens inside. A container that exits while it is awaited ends the wait at once
/// (<see cref="ContainerExitedException"/>), with its exit code.
/// </summary>
internal sealed class ListeningPortWait(IReadOnlyList<PublishedPort> ports, Func<Task<long?>> exitCode, TimeProvider time) : IWaitUntil
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    public async Task<bool> UntilAsync(IContainer container)
    {
        // Asked of the engine each time: the container's cached state is not refreshed during the wait.
        if (await exitCode() is { } code)
        {
            throw new ContainerExitedException(code);
        }

        foreach (var port in ports)
        {
            var (host, number) = container.IpAddress is { Length: > 0 } ip && ip != "0.0.0.0" ? (ip, port.ContainerPort) : ("127.0.0.1", port.HostPort);
            if (await TcpReadiness.TryConnectAsync(host, number, AttemptTimeout, time, CancellationToken.None) != SocketError.Success)
            {
                return false;
            }
        }

        return true;
    }
}
