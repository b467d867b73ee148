using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Conformance.Pki;

/// <summary>
/// A CA built with .NET's <see cref="CertificateRequest"/>: a root or an intermediate that issues leaves,
/// intermediates and variants (expired, not yet valid, wrong EKU, no SANs).
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private static readonly Oid ServerAuthOid = new("1.3.6.1.5.5.7.3.1", "Server Authentication");
    private static readonly Oid ClientAuthOid = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    private readonly TimeProvider _time;

    private CertificateAuthority(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> parents, TimeProvider time)
    {
        Certificate = certificate;
        Parents = parents;
        _time = time;
    }

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Intermediates above this CA, nearest first (empty for a root).</summary>
    public IReadOnlyList<X509Certificate2> Parents { get; }

    /// <summary>Creates a self-signed root CA.</summary>
    public static CertificateAuthority CreateRoot(string commonName, KeySpec key = KeySpec.EcdsaP256, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        using var k = KeyFactory.Create(key);
        var request = KeyFactory.Request(new X500DistinguishedName($"CN={commonName}, O=Conformance test PKI"), k);
        AddCaExtensions(request);
        var now = time.GetUtcNow();
        // CreateSelfSigned returns a certificate that already carries (a copy of) its key.
        return new CertificateAuthority(request.CreateSelfSigned(now.AddMinutes(-10), now.AddYears(2)), [], time);
    }

    /// <summary>Creates an intermediate CA signed by this one. <paramref name="expired"/> makes an intermediate whose validity has ended.</summary>
    public CertificateAuthority CreateIntermediate(string commonName, bool expired = false, KeySpec key = KeySpec.EcdsaP256)
    {
        using var k = KeyFactory.Create(key);
        var request = KeyFactory.Request(new X500DistinguishedName($"CN={commonName}, O=Conformance test PKI"), k);
        AddCaExtensions(request);
        var now = _time.GetUtcNow();
        var (notBefore, notAfter) = expired ? (now.AddDays(-60), now.AddDays(-1)) : (now.AddMinutes(-9), now.AddYears(1));
        using var cert = Sign(request, notBefore, notAfter);
        return new CertificateAuthority(WithKey(cert, k), [Certificate, .. Parents], _time);
    }

    /// <summary>Issues a leaf certificate described by <paramref name="spec"/>.</summary>
    public IssuedCertificate Issue(LeafSpec spec)
    {
        using var k = KeyFactory.Create(spec.Key);
        var request = LeafRequest(spec, k);
        var now = _time.GetUtcNow();
        using var cert = Sign(request, now + spec.NotBeforeOffset, now + spec.NotBeforeOffset + spec.Lifetime);
        // Served chain: this CA and the intermediates above it, never the root (clients hold that).
        IReadOnlyList<X509Certificate2> chain = Parents.Count == 0 ? [] : [CopyPublic(Certificate), .. Parents.SkipLast(1).Select(CopyPublic)];
        return new IssuedCertificate(WithKey(cert, k), chain);
    }

    /// <summary>
    /// Issues a leaf for a public key whose private key lives elsewhere (a pod the harness deployed, which never sends
    /// its key): the result carries no private key, and can only be served by the holder of the key.
    /// </summary>
    public IssuedCertificate IssueFor(LeafSpec spec, PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        var request = LeafRequest(spec, new CertificateRequest(new X500DistinguishedName($"CN={spec.CommonName}"), publicKey, HashAlgorithmName.SHA256), publicKey.Oid.Value == RsaOid);
        var now = _time.GetUtcNow();
        IReadOnlyList<X509Certificate2> chain = Parents.Count == 0 ? [] : [CopyPublic(Certificate), .. Parents.SkipLast(1).Select(CopyPublic)];
        return new IssuedCertificate(Sign(request, now + spec.NotBeforeOffset, now + spec.NotBeforeOffset + spec.Lifetime), chain);
    }

    /// <summary>
    /// A CA from an existing certificate that carries its private key (an implementation's own client CA, from a
    /// profile's <c>client.ca</c> and <c>client.caKey</c>). Takes ownership of <paramref name="certificate"/>.
    /// </summary>
    public static CertificateAuthority FromCertificate(X509Certificate2 certificate, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.HasPrivateKey
            ? new CertificateAuthority(certificate, [], time ?? TimeProvider.System)
            : throw new ArgumentException("the CA certificate carries no private key", nameof(certificate));
    }

    /// <summary>
    /// Issues a copy of <paramref name="template"/> — same subject, public key and extensions — with one property
    /// changed: the validity (<paramref name="notBefore"/>/<paramref name="notAfter"/>) or the EKU. The copy carries the
    /// template's private key, so it is the same identity with only that property different.
    /// </summary>
    public IssuedCertificate Reissue(X509Certificate2 template, IReadOnlyList<X509Certificate2> intermediates, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, EkuSpec? eku = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        var request = new CertificateRequest(template.SubjectName, template.PublicKey, HashAlgorithmName.SHA256);
        foreach (var extension in template.Extensions)
        {
            // The issuer's key identifier is added when signing; the EKU is replaced when it is the property changed.
            if (extension.Oid?.Value is "2.5.29.35" || (eku is not null && extension.Oid?.Value == "2.5.29.37"))
            {
                continue;
            }

            request.CertificateExtensions.Add(extension);
        }

        if (eku is { } e && Ekus(e) is { } oids)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }

        using var cert = Sign(request, notBefore ?? template.NotBefore.ToUniversalTime(), notAfter ?? template.NotAfter.ToUniversalTime());
        X509Certificate2 withKey;
        using (var rsa = template.GetRSAPrivateKey())
        using (var ec = template.GetECDsaPrivateKey())
        {
            withKey = rsa is not null ? cert.CopyWithPrivateKey(rsa)
                : ec is not null ? cert.CopyWithPrivateKey(ec)
                : throw new ArgumentException("the template certificate carries no private key", nameof(template));
        }

        return new IssuedCertificate(withKey, [.. intermediates.Select(CopyPublic)]);
    }

    /// <summary>Creates a self-signed leaf that is its own trust anchor (Feldera's documented setup).</summary>
    public static IssuedCertificate SelfSignedLeaf(LeafSpec spec, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        using var k = KeyFactory.Create(spec.Key);
        var request = LeafRequest(spec, k);
        var now = time.GetUtcNow();
        return new IssuedCertificate(request.CreateSelfSigned(now + spec.NotBeforeOffset, now + spec.NotBeforeOffset + spec.Lifetime), []);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var p in Parents)
        {
            p.Dispose();
        }
    }

    private static CertificateRequest LeafRequest(LeafSpec spec, AsymmetricAlgorithm key) =>
        LeafRequest(spec, KeyFactory.Request(new X500DistinguishedName($"CN={spec.CommonName}"), key), key is RSA);

    private static CertificateRequest LeafRequest(LeafSpec spec, CertificateRequest request, bool rsa)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var usage = rsa
            ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment
            : X509KeyUsageFlags.DigitalSignature;
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        var ekus = Ekus(spec.Eku);
        if (ekus is not null)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(ekus, false));
        }

        if (!spec.OmitSubjectAlternativeNames && (spec.DnsNames.Count > 0 || spec.IpAddresses.Count > 0))
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var dns in spec.DnsNames)
            {
                san.AddDnsName(dns);
            }

            foreach (var ip in spec.IpAddresses)
            {
                san.AddIpAddress(IPAddress.Parse(ip));
            }

            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    private static OidCollection? Ekus(EkuSpec eku) => eku switch
    {
        EkuSpec.ServerAuth => [ServerAuthOid],
        EkuSpec.ClientAuth => [ClientAuthOid],
        EkuSpec.ServerAndClientAuth => [ServerAuthOid, ClientAuthOid],
        _ => null,
    };

    private static void AddCaExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }

    private X509Certificate2 Sign(CertificateRequest request, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        using var caKey = (AsymmetricAlgorithm?)Certificate.GetECDsaPrivateKey() ?? Certificate.GetRSAPrivateKey()
            ?? throw new InvalidOperationException("CA certificate has no private key");
        // A child may not outlive its issuer; clamp rather than fail so variants stay easy to make.
        if (notAfter > Certificate.NotAfter.ToUniversalTime())
        {
            notAfter = Certificate.NotAfter.ToUniversalTime();
        }

        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        return request.Create(Certificate.SubjectName, KeyFactory.Signer(caKey), notBefore, notAfter, serial);
    }

    private static X509Certificate2 WithKey(X509Certificate2 cert, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => cert.CopyWithPrivateKey(rsa),
        ECDsa ec => cert.CopyWithPrivateKey(ec),
        _ => throw new NotSupportedException(key.GetType().Name),
    };

    private static X509Certificate2 CopyPublic(X509Certificate2 cert) => X509CertificateLoader.LoadCertificate(cert.RawData);
}
