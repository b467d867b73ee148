using Conformance.Model;
using Conformance.Pki;
using Conformance.Platform;
using Conformance.Tests.Support;
using Conformance.TrustBundles;

namespace Conformance.Tests.TrustBundles;

/// <summary>
/// The harness's client for the upstream pod (<see cref="RemoteUpstream"/>) against the real reference server in
/// <c>--mode upstream</c>: leaves issued for the pod's key, certificates (never keys) sent, answers and records read back.
/// </summary>
public sealed class RemoteUpstreamTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Serves_a_leaf_issued_for_the_pods_key_and_counts_only_this_sessions_connections()
    {
        var ct = TestContext.Current.CancellationToken;
        var (https, admin) = (PortAllocator.Allocate(), PortAllocator.Allocate());
        using var pod = await ReferenceProcess.StartAsync(["--mode", "upstream", "--https", $"{https}", "--admin", $"{admin}"], [https, admin], ct);
        var adminUri = new Uri($"http://127.0.0.1:{admin}");

        await using var first = await RemoteUpstream.OpenAsync(adminUri, "https://conformance-upstream:8443", "marker-one", ct);
        var key = Assert.IsType<System.Security.Cryptography.X509Certificates.PublicKey>(first.LeafKey);
        using var root = CertificateAuthority.CreateRoot("remote upstream test root");
        using var leaf = root.IssueFor(new LeafSpecBuilder().WithCommonName(UpstreamTlsClient.ServerName).WithDnsNames(UpstreamTlsClient.ServerName).Build(), key);
        await first.ServeAsync(leaf, "a", ct);
        var presentedBefore = await first.PresentedAsync(ct);

        var answer = await UpstreamTlsClient.GetAsync(https, root.Certificate, ct);

        Assert.Equal(leaf.Certificate.Thumbprint, answer.Leaf);
        Assert.EndsWith(first.BodyFor("a") + "\n", answer.Response, StringComparison.Ordinal);
        Assert.Equal(presentedBefore + 1, await first.PresentedAsync(ct));
        await Poll.UntilAsync(async () => (await first.ConnectionsAsync(ct)).Any(c => c.Completed), Budget, "the connection recorded", ct);
        var seen = (await first.ConnectionsAsync(ct)).Where(c => c.Completed).ToList();
        Assert.Single(seen);
        Assert.Equal("a", seen[0].Certificate);
        Assert.Equal(UpstreamTlsClient.ServerName, seen[0].ServerName);

        // A later session (the next scenario) starts with none of the earlier records and its own marker.
        await using var second = await RemoteUpstream.OpenAsync(adminUri, "https://conformance-upstream:8443", "marker-two", ct);
        Assert.Empty(await second.ConnectionsAsync(ct));
        Assert.NotEqual(first.BodyFor("a"), second.BodyFor("a"));
    }

    [Fact]
    public async Task A_leaf_for_another_key_is_refused_by_the_pod_as_a_harness_error()
    {
        var ct = TestContext.Current.CancellationToken;
        var (https, admin) = (PortAllocator.Allocate(), PortAllocator.Allocate());
        using var pod = await ReferenceProcess.StartAsync(["--mode", "upstream", "--https", $"{https}", "--admin", $"{admin}"], [https, admin], ct);
        await using var upstream = await RemoteUpstream.OpenAsync(new Uri($"http://127.0.0.1:{admin}"), "https://conformance-upstream:8443", "m", ct);
        using var root = CertificateAuthority.CreateRoot("remote upstream test root");
        using var ownKey = root.Issue(new LeafSpecBuilder().WithCommonName(UpstreamTlsClient.ServerName).Build());

        var e = await Assert.ThrowsAsync<TargetException>(() => upstream.ServeAsync(ownKey, "wrong", ct));

        Assert.Contains("the upstream pod refused certificate wrong: HTTP 400", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_port_nobody_listens_on_is_one_line_naming_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = PortAllocator.Allocate();

        var e = await Assert.ThrowsAsync<TargetException>(() => RemoteUpstream.OpenAsync(new Uri($"http://127.0.0.1:{port}"), "x", "m", ct));

        Assert.Contains("reading the upstream pod's public key", e.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
    }
}
