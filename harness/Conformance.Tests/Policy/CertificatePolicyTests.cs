using System.Security.Cryptography.X509Certificates;
using Conformance.Evidence;
using Conformance.Pki;
using Conformance.Policy;

namespace Conformance.Tests.Policy;

public sealed class CertificatePolicyTests
{
    private static readonly CertificatePolicy Policy = new(TimeProvider.System);

    private static LeafSpecBuilder Leaf() => new LeafSpecBuilder().WithDnsNames("app.ns.svc", "*.default").WithIpAddresses("127.0.0.1");

    [Fact]
    public void Good_chain_through_an_intermediate_satisfies_the_server_policy()
    {
        using var root = CertificateAuthority.CreateRoot("policy root");
        using var mid = root.CreateIntermediate("policy intermediate");
        using var leaf = mid.Issue(Leaf().Build());

        var evidence = Policy.ValidateServer("e", [.. leaf.ServedChain], "api.default", [root.Certificate]);

        Assert.True(evidence.Satisfied, string.Join("\n", evidence.Findings));
        Assert.Empty(evidence.Failed);
        Assert.Contains(evidence.Findings, f => f.Contains("matched SAN '*.default'", StringComparison.Ordinal));
        Assert.Contains(evidence.Findings, f => f.Contains("key ECDSA P-256 256: ok", StringComparison.Ordinal));
        Assert.Contains("RFC 6125", evidence.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Chain_to_another_ca_fails_against_the_endpoint_anchors()
    {
        using var root = CertificateAuthority.CreateRoot("policy root");
        using var other = CertificateAuthority.CreateRoot("other root");
        using var leaf = root.Issue(Leaf().Build());

        var evidence = Policy.ValidateServer("e", [.. leaf.ServedChain], "app.ns.svc", [other.Certificate]);

        Assert.False(evidence.Satisfied);
        Assert.Equal([PolicyCheck.Chain], evidence.Failed);
        Assert.Contains(evidence.Findings, f => f.StartsWith("chain: does not build", StringComparison.Ordinal));
    }

    [Fact]
    public void Expired_leaf_fails()
    {
        using var root = CertificateAuthority.CreateRoot("policy root");
        using var leaf = root.Issue(Leaf().Expired().Build());

        var evidence = Policy.ValidateServer("e", [.. leaf.ServedChain], "app.ns.svc", [root.Certificate]);

        Assert.False(evidence.Satisfied);
        Assert.Contains(evidence.Findings, f => f.Contains("leaf validity", StringComparison.Ordinal) && f.Contains("expired", StringComparison.Ordinal));
    }

    [Fact]
    public void Not_yet_valid_leaf_fails_hygiene()
    {
        using var root = CertificateAuthority.CreateRoot("policy root");
        using var leaf = root.Issue(Leaf().NotYetValid().Build());

        var evidence = Policy.Hygiene("e", [.. leaf.ServedChain], [root.Certificate]);

        Assert.False(evidence.Satisfied);
        Assert.Contains(evidence.Findings, f => f.Contains("not yet valid", StringComparison.Ordinal));
    }

    [Fact]
    public void Expired_intermediate_fails_chain_and_hygiene()
    {
        using var root = CertificateAuthority.CreateRoot("policy root");
        using var mid = root.CreateIntermediate("expired intermediate", expired: true);
        using var leaf = mid.Issue(Leaf().WithValidity(TimeSpan.FromDays(-10), TimeSpan.FromDays(30)).Build());

        var server = Policy.ValidateServer("e", [.. leaf.ServedChain], "app.ns.svc", [root.Certificate]);
        var hygiene = Policy.Hygiene("e", [.. leaf.ServedChain], [root.Certificate]);

        Assert.False(server.Satisfied);
        Assert.False(hygiene.Satisfied);
        Assert.Contains(hygiene.Findings, f => f.StartsWith("intermediate #1", StringComparison.Ordinal) && f.Contains("expired", StringComparison.Ordinal));
    }

    [Fact]
    public void Client_auth_only_eku_fails_the_server_policy_and_passes_the_client_policy()
    {
        using var root = CertificateAuthority.CreateRoot("policy root");
        using var leaf = root.Issue(Leaf().WithEku(EkuSpec.ClientAuth).Build());

        var server = Policy.ValidateServer("e", [.. leaf.ServedChain], "app.ns.svc", [root.Certificate]);
        var client = Policy.ValidateClient("e", [.. leaf.ServedChain], [root.Certificate]);

        Assert.False(server.Satisfied);
        // Only the EKU: SAN-01 can pass this finding on to SAN-05 because nothing else of the chain failed.
        Assert.Equal([PolicyCheck.Eku], server.Failed);
        Assert.Contains(server.Findings, f => f == "EKU [clientAuth] lacks serverAuth");
        Assert.True(client.Satisfied, string.Join("\n", client.Findings));
    }

    [Fact]
    public void Absent_eku_means_any_purpose()
    {
        using var root = CertificateAuthority.CreateRoot("policy root");
        using var leaf = root.Issue(Leaf().WithEku(EkuSpec.None).Build());

        var evidence = Policy.ValidateServer("e", [.. leaf.ServedChain], "127.0.0.1", [root.Certificate]);

        Assert.True(evidence.Satisfied, string.Join("\n", evidence.Findings));
        Assert.Contains(evidence.Findings, f => f.StartsWith("EKU absent", StringComparison.Ordinal));
    }

    [Fact]
    public void Self_signed_leaf_is_its_own_anchor()
    {
        // Feldera: RSA 4096, CN=localhost, SANs localhost, *.NS.svc.cluster.local, IP 127.0.0.1, no EKU.
        using var leaf = CertificateAuthority.SelfSignedLeaf(new LeafSpecBuilder().WithKey(KeySpec.Rsa4096).WithEku(EkuSpec.None)
            .WithDnsNames("localhost", "*.feldera.svc.cluster.local").WithIpAddresses("127.0.0.1").Build());
        using var anchor = X509CertificateLoader.LoadCertificate(leaf.Certificate.RawData);

        var server = Policy.ValidateServer("e", [leaf.Certificate], "pipeline.feldera.svc.cluster.local", [anchor]);
        var hygiene = Policy.Hygiene("e", [leaf.Certificate], [anchor]);

        Assert.True(server.Satisfied, string.Join("\n", server.Findings));
        Assert.True(hygiene.Satisfied, string.Join("\n", hygiene.Findings));
        Assert.Contains(server.Findings, f => f.Contains("key RSA 4096: ok", StringComparison.Ordinal));
    }

    [Fact]
    public void Self_signed_leaf_not_in_the_anchors_fails()
    {
        using var leaf = CertificateAuthority.SelfSignedLeaf(Leaf().Build());
        using var root = CertificateAuthority.CreateRoot("unrelated");

        Assert.False(Policy.ValidateServer("e", [leaf.Certificate], "app.ns.svc", [root.Certificate]).Satisfied);
    }

    [Fact]
    public void Intermediates_served_in_the_wrong_order_fail_hygiene_although_the_chain_builds()
    {
        using var root = CertificateAuthority.CreateRoot("policy root");
        using var upper = root.CreateIntermediate("upper intermediate");
        using var lower = upper.CreateIntermediate("lower intermediate");
        using var leaf = lower.Issue(Leaf().Build());
        var served = leaf.ServedChain.ToList();
        Assert.Equal(3, served.Count);

        var good = Policy.Hygiene("e", served, [root.Certificate]);
        var swapped = Policy.Hygiene("e", [served[0], served[2], served[1]], [root.Certificate]);

        Assert.True(good.Satisfied, string.Join("\n", good.Findings));
        Assert.False(swapped.Satisfied);
        Assert.Contains(swapped.Findings, f => f.StartsWith("order: served #0", StringComparison.Ordinal));
        Assert.Contains(swapped.Findings, f => f.StartsWith("chain: builds", StringComparison.Ordinal));
    }

    [Fact]
    public void Name_outside_the_sans_fails_and_lists_the_sans()
    {
        using var root = CertificateAuthority.CreateRoot("policy root");
        using var leaf = root.Issue(Leaf().Build());

        var evidence = Policy.ValidateServer("e", [.. leaf.ServedChain], "app.other.svc", [root.Certificate]);

        Assert.False(evidence.Satisfied);
        Assert.Equal([PolicyCheck.Name], evidence.Failed);
        Assert.Contains(evidence.Findings, f => f.Contains("no SAN matches", StringComparison.Ordinal) && f.Contains("DNS:*.default", StringComparison.Ordinal));
    }

    [Fact]
    public void Verification_time_comes_from_the_time_provider()
    {
        using var root = CertificateAuthority.CreateRoot("policy root");
        using var leaf = root.Issue(Leaf().Build());
        var later = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(60));

        var evidence = new CertificatePolicy(later).ValidateServer("e", [.. leaf.ServedChain], "app.ns.svc", [root.Certificate]);

        Assert.False(evidence.Satisfied);
        Assert.Contains(evidence.Findings, f => f.Contains("NotTimeValid", StringComparison.Ordinal));
    }
}
