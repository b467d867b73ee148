using Conformance.Probes;
using Conformance.Tests.Support;

namespace Conformance.Tests.Probes;

public sealed class PortProbeTests
{
    private static readonly PortProbe Probe = new(new ProbeOptions(), TimeProvider.System);

    [Fact]
    public async Task Listening_port_is_accepted()
    {
        await using var server = new RawTcpServer(RawBehaviours.Silent());

        var e = await Probe.ProbeAsync("ep", "127.0.0.1", server.Port, TestContext.Current.CancellationToken);

        Assert.True(e.Listening);
        Assert.Equal("accepted", e.Detail);
    }

    [Fact]
    public async Task Closed_port_is_refused()
    {
        var e = await Probe.ProbeAsync("ep", "127.0.0.1", ClosedPort.Get(), TestContext.Current.CancellationToken);

        Assert.False(e.Listening);
        Assert.Equal("connection refused", e.Detail);
    }

    [Fact]
    public async Task Localhost_name_resolves_and_connects()
    {
        await using var server = new RawTcpServer(RawBehaviours.Silent());

        var e = await Probe.ProbeAsync("ep", "localhost", server.Port, TestContext.Current.CancellationToken);

        Assert.True(e.Listening, e.Detail);
    }
}
