using System.Net;
using System.Net.Sockets;
using Conformance.Model;
using Conformance.Platform;
using Conformance.Targets;
using Conformance.Targets.Endpoints;

namespace Conformance.Tests.Targets;

public sealed class EndpointTargetTests
{
    [Fact]
    public async Task A_refused_port_is_one_clear_line()
    {
        var port = PortAllocator.Allocate();
        await using var target = new EndpointTarget(Spec(port), TimeProvider.System);

        var e = await Assert.ThrowsAsync<TargetException>(() => target.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal($"nothing listens on 127.0.0.1:{port} (connection refused)", e.Message);
    }

    [Fact]
    public async Task A_listening_port_is_ready_and_the_target_cannot_act()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        await using var target = new EndpointTarget(Spec(((IPEndPoint)listener.LocalEndpoint).Port), TimeProvider.System);

        await target.StartAsync(TestContext.Current.CancellationToken);

        Assert.False(target.SupportsActions);
        await Assert.ThrowsAsync<TargetException>(() => target.RestartAsync(TestContext.Current.CancellationToken));
    }

    private static ResolvedTargetSpec Spec(int port) =>
        new(null, [], new Dictionary<string, string>(), Path.GetTempPath(), "127.0.0.1", port, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
}
