using System.Security.Cryptography.X509Certificates;
using Conformance.Pki;

namespace Conformance.Tests.Pki;

/// <summary>pki.certificates: one more leaf per name, from the run's CA, with its own names, files and placeholders.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class NamedCertificateTests
{
    private static PkiSpec Spec() => new()
    {
        ServerNames = ["localhost"],
        Eku = EkuSpec.ServerAndClientAuth,
        Certificates = new Dictionary<string, CertificateSpec>
        {
            ["fn"] = new(["direktiv-functions-hl", "*.default"], [], EkuSpec.ServerAndClientAuth),
            ["flow"] = new(["direktiv-flow-hl"], ["10.0.0.7"], EkuSpec.ServerAuth),
        },
    };

    [Fact]
    public void Named_certificates_are_issued_by_the_run_ca_with_their_own_names()
    {
        using var workspace = RunWorkspace.Create();
        using var pki = RunPki.Issue(Spec(), workspace);

        Assert.True(pki.HasNamedCertificates);
        var fn = pki.LeafFor("fn").Certificate;
        var flow = pki.LeafFor("flow").Certificate;
        Assert.Equal(pki.Issuer!.Certificate.Subject, fn.Issuer);
        Assert.Equal(pki.Issuer.Certificate.Subject, flow.Issuer);
        Assert.Equal(["direktiv-functions-hl", "*.default"], DnsNames(fn));
        Assert.Equal(["direktiv-flow-hl"], DnsNames(flow));
        Assert.Empty(IpAddresses(fn));
        Assert.Equal(["10.0.0.7"], IpAddresses(flow));
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], Ekus(fn));
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], Ekus(flow));
        Assert.Same(pki.ServerLeaf, pki.LeafFor(null));
        Assert.NotEqual(pki.ServerLeaf.Certificate.Thumbprint, fn.Thumbprint);
    }

    [Fact]
    public void Named_certificates_become_placeholders_with_owner_only_keys()
    {
        using var workspace = RunWorkspace.Create();
        using var pki = RunPki.Issue(Spec(), workspace);

        foreach (var name in new[] { "fn", "flow" })
        {
            var cert = pki.Placeholders[$"pki:cert:{name}"];
            var key = pki.Placeholders[$"pki:key:{name}"];
            using var onDisk = X509Certificate2.CreateFromPemFile(cert, key);
            Assert.Equal(pki.LeafFor(name).Certificate.Thumbprint, onDisk.Thumbprint);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }

        // The default pair stays what it was: the rotation scenarios' {pki:cert}/{pki:key}.
        Assert.Equal(Path.Combine(pki.LiveDirectory, "tls.crt"), pki.Placeholders["pki:cert"]);
    }

    [Fact]
    public void Asking_for_an_undeclared_certificate_is_a_bug_not_the_default_leaf()
    {
        using var workspace = RunWorkspace.Create();
        using var pki = RunPki.Issue(Spec(), workspace);

        Assert.Throws<InvalidOperationException>(() => pki.LeafFor("ingress"));
        Assert.Throws<InvalidOperationException>(() => Spec().For("ingress"));
        Assert.Equal(["localhost"], Spec().For(null).ServerNames);
    }

    private static string[] DnsNames(X509Certificate2 c) =>
        [.. c.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames())];

    private static string[] IpAddresses(X509Certificate2 c) =>
        [.. c.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateIPAddresses()).Select(a => a.ToString())];

    private static string[] Ekus(X509Certificate2 c) =>
        [.. c.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()).Select(o => o.Value!).Order(StringComparer.Ordinal)];
}
