using Conformance.Inputs;
using Conformance.Pki;

namespace Conformance.Tests.Inputs;

/// <summary>
/// {pki:cert:NAME} and {pki:key:NAME} of a pki.certificates entry resolve to that certificate's files, beside the
/// default pair; a name the profile does not declare is an unknown placeholder, never the default leaf.
/// </summary>
public sealed class NamedCertificatePlaceholderTests
{
    [Fact]
    public void Named_certificate_placeholders_resolve_to_their_own_files_and_an_undeclared_name_is_refused()
    {
        using var workspace = RunWorkspace.Create();
        var spec = new PkiSpec
        {
            Certificates = new Dictionary<string, CertificateSpec>
            {
                ["flow"] = new(["direktiv-flow-hl"], [], EkuSpec.ServerAndClientAuth),
                ["ingress"] = new(["direktiv-ingress-hl"], [], EkuSpec.ServerAndClientAuth),
            },
        };
        using var pki = RunPki.Issue(spec, workspace);
        var resolver = new PlaceholderResolver();
        resolver.SetAll(pki.Placeholders);

        var args = resolver.Resolve("--https-cert {pki:cert:ingress} --https-key {pki:key:ingress} --cert {pki:cert}");

        Assert.Equal($"--https-cert {pki.Directory}/cert-ingress.crt --https-key {pki.Directory}/cert-ingress.key --cert {pki.LiveDirectory}/tls.crt", args);
        var e = Assert.Throws<PlaceholderException>(() => resolver.Resolve("{pki:cert:fn}"));
        Assert.Equal("pki:cert:fn", e.Placeholder);
    }
}
