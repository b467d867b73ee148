using Conformance.Platform;
using Conformance.Tests.Support;

namespace Conformance.Tests.Reference;

/// <summary>
/// <c>--https PORT --https-cert PATH --https-key PATH</c>: a port serves its own pair whatever the SNI (Direktiv mounts
/// one Secret per port), with no default pair needed when every port has one; a half-given pair is refused in one line.
/// </summary>
public sealed class PerPortCertificateTests(ReferencePki pki)
{
    [Fact]
    public async Task Each_port_serves_its_own_pair_whatever_the_sni()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = PortAllocator.Allocate();
        var second = PortAllocator.Allocate();
        using var server = await ReferenceProcess.StartAsync(
            ["--mode", "direktiv", "--https", $"{first}", "--https-cert", pki.Cert, "--https-key", pki.Key, "--https", $"{second}", "--https-cert", pki.SniCert, "--https-key", pki.SniKey],
            [first, second],
            ct);

        Assert.Equal(pki.DefaultLeaf.Thumbprint, await RotationClient.ServedThumbprintAsync(first, ReferencePki.DefaultDns0, ct));
        Assert.Equal(pki.DefaultLeaf.Thumbprint, await RotationClient.ServedThumbprintAsync(first, ReferencePki.SniExact, ct));
        // The second port's pair is the SNI leaf, served even for a name only the first port's certificate carries.
        Assert.Equal(pki.SniLeaf.Thumbprint, await RotationClient.ServedThumbprintAsync(second, ReferencePki.DefaultDns0, ct));
        Assert.Equal(pki.SniLeaf.Thumbprint, await RotationClient.ServedThumbprintAsync(second, null, ct));
    }

    [Fact]
    public async Task A_port_without_its_own_pair_serves_the_default()
    {
        var ct = TestContext.Current.CancellationToken;
        var own = PortAllocator.Allocate();
        var shared = PortAllocator.Allocate();
        using var server = await ReferenceProcess.StartAsync(
            ["--https", $"{own}", "--https-cert", pki.SniCert, "--https-key", pki.SniKey, "--https", $"{shared}", .. pki.CertArgs],
            [own, shared],
            ct);

        Assert.Equal(pki.SniLeaf.Thumbprint, await RotationClient.ServedThumbprintAsync(own, ReferencePki.DefaultDns0, ct));
        Assert.Equal(pki.DefaultLeaf.Thumbprint, await RotationClient.ServedThumbprintAsync(shared, ReferencePki.DefaultDns0, ct));
    }

    [Theory]
    [InlineData("cert-before-any-port", "give --https PORT first")]
    [InlineData("cert-without-key", "needs both --https-cert and --https-key")]
    [InlineData("cert-twice", "--https-cert given twice")]
    [InlineData("a-port-without-a-pair-and-no-default", "--cert PATH and --key PATH are both required")]
    [InlineData("bad-pair", "no CERTIFICATE block found")]
    public async Task A_half_given_or_bad_port_pair_is_refused_with_one_line(string variant, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var port = $"{PortAllocator.Allocate()}";
        var other = $"{PortAllocator.Allocate()}";
        string[] args = variant switch
        {
            "cert-before-any-port" => ["--https-cert", pki.Cert, "--https-key", pki.Key, "--https", port],
            "cert-without-key" => ["--https", port, "--https-cert", pki.Cert],
            "cert-twice" => ["--https", port, "--https-cert", pki.Cert, "--https-cert", pki.SniCert, "--https-key", pki.Key],
            "a-port-without-a-pair-and-no-default" => ["--https", port, "--https-cert", pki.Cert, "--https-key", pki.Key, "--https", other],
            "bad-pair" => ["--https", port, "--https-cert", pki.Key, "--https-key", pki.Key],
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };

        var (exit, stdout, stderr) = await ReferenceProcess.RunToExitAsync(args, ct);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }
}
