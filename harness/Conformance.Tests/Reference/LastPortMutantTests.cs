using System.Security.Authentication;
using Conformance.Platform;
using Conformance.Tests.Support;

namespace Conformance.Tests.Reference;

/// <summary>
/// The two mutants of a multi-component deployment (Feldera's four components on one certificate): each changes the
/// last TLS port only, so the first port (the one PT-01 judges) and every other property stay conformant.
/// </summary>
public sealed class LastPortMutantTests(ReferencePki pki)
{
    private static readonly byte[] PlainGet = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray();

    [Fact]
    public async Task LastPortAnswersPlaintext_answers_plaintext_on_the_last_port_only_and_keeps_tls_there()
    {
        var ct = TestContext.Current.CancellationToken;
        int[] ports = [PortAllocator.Allocate(), PortAllocator.Allocate(), PortAllocator.Allocate()];
        using var server = await ReferenceProcess.StartAsync(
            ["--mode", "feldera", .. ports.SelectMany(p => new[] { "--https", $"{p}" }), .. pki.CertArgs, "--mutant", "LastPortAnswersPlaintext"],
            ports,
            ct);

        foreach (var port in ports[..^1])
        {
            var refused = await WireOutcome.SendAsync(port, PlainGet, TimeSpan.FromSeconds(10), ct);
            Assert.Empty(refused.Received);
        }

        var answered = await RawHttp.SendPlainAsync(ports[^1], "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", ct);
        Assert.Equal(200, answered.Status);
        Assert.Equal("ok\n", answered.BodyText);

        // The same port still speaks TLS with the shared certificate: only the plaintext side is wrong.
        await using var tls = await TlsConnection.ConnectAsync(ports[^1], "localhost", SslProtocols.Tls12, ct);
        Assert.Equal(pki.DefaultLeaf.Thumbprint, tls.Leaf.Thumbprint);
        Assert.Equal(200, (await tls.SendAsync("GET", "/", ct)).Status);
    }

    [Fact]
    public async Task LastPortOwnCertificate_serves_a_leaf_of_its_own_on_the_last_port_that_still_validates_for_the_same_names()
    {
        var ct = TestContext.Current.CancellationToken;
        int[] ports = [PortAllocator.Allocate(), PortAllocator.Allocate(), PortAllocator.Allocate()];
        using var server = await ReferenceProcess.StartAsync(
            ["--mode", "feldera", .. ports.SelectMany(p => new[] { "--https", $"{p}" }), .. pki.CertArgs, .. pki.CaArgs, "--mutant", "LastPortOwnCertificate"],
            ports,
            ct);

        foreach (var port in ports[..^1])
        {
            Assert.Equal(pki.DefaultLeaf.Thumbprint, await RotationClient.ServedThumbprintAsync(port, ReferencePki.DefaultDns1, ct));
        }

        await using var own = await TlsConnection.ConnectAsync(ports[^1], ReferencePki.DefaultDns1, SslProtocols.None, ct);
        Assert.NotEqual(pki.DefaultLeaf.Thumbprint, own.Leaf.Thumbprint);
        Assert.NotEqual(pki.DefaultLeaf.GetPublicKeyString(), own.Leaf.GetPublicKeyString());
        Assert.True(pki.ChainsToRoot(own.Leaf), "the port's own leaf chains to the CA the shared one comes from");
        Assert.Equal(pki.DefaultLeaf.Subject, own.Leaf.Subject);
        foreach (var name in new[] { ReferencePki.DefaultDns0, ReferencePki.DefaultDns1, ReferencePki.DefaultDns2 })
        {
            Assert.True(own.Leaf.MatchesHostname(name), $"the own leaf names {name}");
        }

        Assert.Equal(pki.DefaultLeaf.NotAfter, own.Leaf.NotAfter);
    }

    [Theory]
    [InlineData("LastPortAnswersPlaintext", false, "needs two or more --https ports")]
    [InlineData("LastPortOwnCertificate", false, "needs two or more --https ports")]
    [InlineData("LastPortOwnCertificate", true, "needs --ca-cert PATH and --ca-key PATH")]
    public async Task A_last_port_mutant_without_what_it_needs_is_refused_with_one_line(string mutant, bool twoPorts, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        string[] ports = twoPorts ? ["--https", $"{PortAllocator.Allocate()}", "--https", $"{PortAllocator.Allocate()}"] : ["--https", $"{PortAllocator.Allocate()}"];
        // Without a second port the missing CA is not the first problem named; with two, the missing CA is.
        string[] ca = twoPorts ? [] : [.. pki.CaArgs];

        var (exit, _, stderr) = await ReferenceProcess.RunToExitAsync(["--mode", "feldera", .. ports, .. pki.CertArgs, .. ca, "--mutant", mutant], ct);

        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }
}
