using Conformance.Drivers;
using Conformance.Pki;

namespace Conformance.Tests.Profiles;

/// <summary>
/// pki.certificates and endpoints.NAME.certificate: each endpoint serves the certificate it names; a name that does not
/// exist, a certificate no endpoint serves, and contradictions with other keys are one error each at file:line/field.
/// </summary>
public sealed class PerEndpointCertificateTests
{
    private const string File = "per-endpoint.yaml";

    // Lines 1-19; cases replace lines so the expected line numbers stay readable.
    private static readonly string[] Valid =
    [
        "apiVersion: conformance/v1",                                 // 1
        "name: t",                                                    // 2
        "target: { kind: endpoint }",                                 // 3
        "endpoints:",                                                 // 4
        "  flow:",                                                    // 5
        "    port: 7777",                                             // 6
        "    trust: ca.pem",                                          // 7
        "    certificate: flow",                                      // 8
        "  fn:",                                                      // 9
        "    port: 5555",                                             // 10
        "    trust: ca.pem",                                          // 11
        "    certificate: fn",                                        // 12
        "pki:",                                                       // 13
        "  eku: server-client",                                       // 14
        "  certificates:",                                            // 15
        "    flow: { serverNames: [direktiv-flow-hl, \"*.default\"] }", // 16
        "    fn:",                                                    // 17
        "      serverNames: [direktiv-functions-hl]",                 // 18
        "      eku: server",                                          // 19
    ];

    private static string Text(params string[] lines) => string.Join('\n', lines) + "\n";

    private static string With(int line, params string[] replacement) => Text([.. Valid[..(line - 1)], .. replacement, .. Valid[line..]]);

    [Fact]
    public void Each_endpoint_names_its_certificate_and_certificates_inherit_the_pki_eku()
    {
        Assert.Empty(ProfileLoader.ValidateText(Text(Valid), File));
        var profile = ProfileLoader.Parse(Text(Valid), File);

        Assert.Equal("flow", profile.Endpoints.Single(e => e.Name == "flow").Certificate);
        Assert.Equal("fn", profile.Endpoints.Single(e => e.Name == "fn").Certificate);
        Assert.Equal(["direktiv-flow-hl", "*.default"], profile.Pki.For("flow").ServerNames);
        Assert.Empty(profile.Pki.For("flow").IpAddresses);
        Assert.Equal(EkuSpec.ServerAndClientAuth, profile.Pki.For("flow").Eku);
        Assert.Equal(EkuSpec.ServerAuth, profile.Pki.For("fn").Eku);
    }

    [Fact]
    public void A_profile_without_certificates_keeps_one_leaf_for_every_endpoint()
    {
        var yaml = Text([.. Valid[..7], .. Valid[8..11], "pki: { serverNames: [a.example] }"]);
        Assert.Empty(ProfileLoader.ValidateText(yaml, File));
        var profile = ProfileLoader.Parse(yaml, File);

        Assert.All(profile.Endpoints, e => Assert.Null(e.Certificate));
        Assert.Empty(profile.Pki.Certificates);
        Assert.Equal(["a.example"], profile.Pki.For(null).ServerNames);
    }

    public static TheoryData<string, string, int, string, string> Cases() => new()
    {
        { "an endpoint names a certificate that does not exist", With(8, "    certificate: flwo"), 8, "endpoints.flow.certificate", "'flwo' is not a certificate of this profile (did you mean 'flow'?)" },
        { "an endpoint names a certificate while none is declared", Text([.. Valid[..12], "pki: { eku: server }"]), 8, "endpoints.flow.certificate", "pki.certificates declares none" },
        { "a certificate no endpoint serves", With(12, "    certificate: flow"), 18, "pki.certificates.fn", "no endpoint serves the certificate 'fn'" },
        { "a certificate without names", With(18, "      serverNames: []"), 18, "pki.certificates.fn.serverNames", "at least one DNS name" },
        { "a certificate missing serverNames", With(18, "      ipAddresses: [10.0.0.1]"), 17, "pki.certificates.fn.serverNames", "missing required field 'serverNames'" },
        { "a certificate IP that is a name", With(18, "      serverNames: [a]", "      ipAddresses: [localhost]"), 19, "pki.certificates.fn.ipAddresses[0]", "'localhost' is not an IP address" },
        { "a certificate eku not one of the words", With(19, "      eku: both"), 19, "pki.certificates.fn.eku", "'both' is not one of" },
        { "an unknown key in a certificate", With(19, "      ekus: server"), 19, "pki.certificates.fn.ekus", "did you mean 'eku'?" },
        { "a certificate name that is also an SNI group", With(14, "  sni: { fn: [x.example] }"), 18, "pki.certificates.fn", "also an SNI group" },
        { "named certificates with a self-signed leaf", With(14, "  selfSignedLeaf: true"), 16, "pki.certificates", "self-signed leaf" },
        { "sameCertificate across endpoints serving different certificates", Text([.. Valid, "claims:", "  sameCertificate: [flow, fn]"]), 21, "claims.sameCertificate", "declared to serve different certificates (flow, fn)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_wrong_certificate_reference_is_one_error_at_its_line(string why, string yaml, int line, string field, string message)
    {
        var errors = ProfileLoader.ValidateText(yaml, File);

        Assert.True(
            errors.Any(e => e.Line == line && e.Field == field && e.Message.Contains(message, StringComparison.Ordinal) && e.File == File),
            $"{why}: expected {File}:{line}: {field}: …{message}…, got:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
    }

    [Fact]
    public void Same_issuer_across_endpoints_serving_different_certificates_is_valid()
    {
        var yaml = Text([.. Valid, "claims:", "  sameIssuer: [flow, fn]"]);

        Assert.Empty(ProfileLoader.ValidateText(yaml, File));
    }
}
