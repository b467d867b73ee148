using Conformance.Probes;

namespace Conformance.Tests.Probes;

public sealed class ProbeWarmUpTests
{
    [Fact]
    public async Task Warm_up_completes_a_handshake_and_an_https_exchange_with_its_own_loopback_server()
    {
        // True only when both probes were served: a warm-up that silently failed would warm nothing.
        Assert.True(await ProbeWarmUp.RunAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Cancelled_warm_up_returns_false_without_throwing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.False(await ProbeWarmUp.RunAsync(cancelled.Token));
    }
}
