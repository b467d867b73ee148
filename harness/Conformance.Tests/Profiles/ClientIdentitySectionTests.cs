using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Drivers;
using Conformance.Inputs;
using Conformance.Pki;
using Conformance.Profiles;

namespace Conformance.Tests.Profiles;

/// <summary><c>endpoints.NAME.client</c>: files exist and parse, keys match, the CA issued the certificate — or one line naming the field.</summary>
public sealed class ClientIdentitySectionTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-client-section-");
    private readonly CertificateAuthority _ca = CertificateAuthority.CreateRoot("own client CA");
    private readonly CertificateAuthority _other = CertificateAuthority.CreateRoot("other CA");
    private readonly IssuedCertificate _client;
    private readonly IssuedCertificate _stranger;

    public ClientIdentitySectionTests()
    {
        _client = _ca.Issue(new LeafSpecBuilder().WithCommonName("app-client").WithEku(EkuSpec.ClientAuth).WithKey(KeySpec.Rsa2048).Build());
        _stranger = _other.Issue(new LeafSpecBuilder().WithCommonName("stranger").WithEku(EkuSpec.ClientAuth).Build());
        PemWriter.WriteCertificates(_dir.File("client.pem"), [_client.Certificate]);
        using (var rsa = _client.Certificate.GetRSAPrivateKey()!)
        {
            // Traditional "RSA PRIVATE KEY" PEM, as openssl genrsa -traditional writes it.
            PemWriter.WriteSecret(_dir.File("client.key"), rsa.ExportRSAPrivateKeyPem());
        }

        PemWriter.WriteCertificates(_dir.File("client-ca.pem"), [_ca.Certificate]);
        PemWriter.WritePrivateKey(_dir.File("client-ca.key"), _ca.Certificate);
        PemWriter.WriteCertificates(_dir.File("other-ca.pem"), [_other.Certificate]);
        PemWriter.WritePrivateKey(_dir.File("other-ca.key"), _other.Certificate);
        PemWriter.WritePrivateKey(_dir.File("stranger.key"), _stranger.Certificate);
    }

    public void Dispose()
    {
        _client.Dispose();
        _stranger.Dispose();
        _ca.Dispose();
        _other.Dispose();
        _dir.Dispose();
    }

    private IReadOnlyList<ProfileError> Validate(string client, string clientAuth = "required") =>
        ProfileLoader.ValidateText(ProfileText(client, clientAuth), _dir.File("own.yaml"));

    /// <summary>An endpoint profile with the complete own identity, its paths relative to the profile.</summary>
    private Profile OwnProfile() =>
        ProfileLoader.Parse(ProfileText("      cert: client.pem\n      key: client.key\n      ca: client-ca.pem\n      caKey: client-ca.key"), _dir.File("own.yaml"));

    private static string ProfileText(string client, string clientAuth = "required") => $"""
        apiVersion: conformance/v1
        name: own
        target: {"{"} kind: endpoint {"}"}
        endpoints:
          https:
            port: "8443"
            trust: client-ca.pem
            clientAuth: {clientAuth}
            client:
        {client}
        """;

    [Fact]
    public void Complete_identity_with_relative_paths_is_valid_and_resolved_against_the_profile()
    {
        var profile = OwnProfile();

        Assert.Equal(new ClientIdentitySpec(_dir.File("client.pem"), _dir.File("client.key"), _dir.File("client-ca.pem"), _dir.File("client-ca.key")), profile.Endpoints[0].Client);
    }

    [Theory]
    [InlineData("      cert: client.pem\n      key: missing.key", 11, "endpoints.https.client.key", "file not found")]
    [InlineData("      cert: client.pem\n      key: stranger.key", 11, "endpoints.https.client.key", "holds no private key of the cert certificate's type")]
    [InlineData("      cert: client.pem\n      key: client.key\n      ca: other-ca.pem", 12, "endpoints.https.client.ca", "is not issued by")]
    [InlineData("      cert: client.pem\n      key: client.key\n      ca: client-ca.pem\n      caKey: other-ca.key", 13, "endpoints.https.client.caKey", "does not match the ca certificate")]
    [InlineData("      cert: client.pem", 9, "endpoints.https.client.key", "missing required field 'key'")]
    [InlineData("      cert: client.pem\n      key: client.key\n      caKey: client-ca.key", 12, "endpoints.https.client.caKey", "caKey needs ca")]
    public void Unusable_identity_is_one_error_naming_line_and_field(string client, int line, string field, string message)
    {
        var error = Assert.Single(Validate(client));

        Assert.Equal((line, field), (error.Line, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_of_another_certificate_of_the_same_type_does_not_match()
    {
        using var ec = _ca.Issue(new LeafSpecBuilder().WithCommonName("ec").WithEku(EkuSpec.ClientAuth).Build());
        PemWriter.WriteCertificates(_dir.File("ec.pem"), [ec.Certificate]);

        var error = Assert.Single(Validate("      cert: ec.pem\n      key: stranger.key"));

        Assert.Equal("endpoints.https.client.key", error.Field);
        Assert.Contains("does not match the cert certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_identity_on_an_endpoint_that_asks_for_none_is_an_error()
    {
        var error = Assert.Single(Validate("      cert: client.pem\n      key: client.key", clientAuth: "none"));

        Assert.Equal("endpoints.https.client", error.Field);
    }

    [Fact]
    public void Variants_from_the_client_ca_keep_subject_and_key_and_change_one_property()
    {
        using var identity = ClientIdentity.Load(new ClientIdentitySpec(_dir.File("client.pem"), _dir.File("client.key"), _dir.File("client-ca.pem"), _dir.File("client-ca.key")));
        var now = DateTimeOffset.UtcNow;

        using var expired = identity.Issuer!.Reissue(identity.Certificate.Certificate, [], now.AddDays(-30), now.AddHours(-1));
        using var serverOnly = identity.Issuer.Reissue(identity.Certificate.Certificate, [], eku: EkuSpec.ServerAuth);

        foreach (var variant in new[] { expired.Certificate, serverOnly.Certificate })
        {
            Assert.Equal(identity.Certificate.Certificate.SubjectName.RawData, variant.SubjectName.RawData);
            Assert.Equal(identity.Certificate.Certificate.PublicKey.EncodedKeyValue.RawData, variant.PublicKey.EncodedKeyValue.RawData);
            Assert.Equal(identity.Certificate.Certificate.IssuerName.RawData, variant.IssuerName.RawData);
            Assert.True(variant.HasPrivateKey);
        }

        Assert.True(expired.Certificate.NotAfter.ToUniversalTime() < now.UtcDateTime);
        Assert.Equal(identity.Certificate.Certificate.NotAfter, serverOnly.Certificate.NotAfter);
        var eku = serverOnly.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
    }

    [Fact]
    public void Every_private_key_of_a_client_identity_is_listed_for_the_key_material_search()
    {
        // LG-04 looks for fragments of these keys in every log: client.key, client.caKey and the variants' keys.
        var profile = OwnProfile();
        using var identity = ClientIdentity.Load(profile.Endpoints[0].Client!);
        var sets = EndpointClientCertificates.Build([new ClientAuthEndpoint("https", HarnessConfiguredTrust: false)], null, new Dictionary<string, ClientIdentity> { ["https"] = identity }, TimeProvider.System);
        using var set = sets["https"];

        var keys = set.WithPrivateKeys.ToList();

        Assert.All(keys, k => Assert.True(k.HasPrivateKey));
        Assert.Contains(keys, k => k.Thumbprint == _client.Certificate.Thumbprint);
        Assert.Contains(keys, k => k.Thumbprint == _ca.Certificate.Thumbprint);
        Assert.Equal(5, keys.Select(k => k.Thumbprint).Distinct().Count()); // valid, CA, expired, serverAuth-only, untrusted
    }
}
