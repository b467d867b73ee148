using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Conformance.Pki;

/// <summary>
/// The client identity an implementation trusts, read from a profile's <c>client:</c> files: the certificate with its key
/// (and the intermediates after it in the file), and optionally the client CA with its key, which issues the MT-03 and
/// MT-04 variants. Keys stay in memory; nothing is written to disk.
/// </summary>
public sealed class ClientIdentity : IDisposable
{
    private ClientIdentity(IssuedCertificate certificate, X509Certificate2? ca, CertificateAuthority? issuer)
    {
        Certificate = certificate;
        Ca = ca;
        Issuer = issuer;
    }

    /// <summary>The valid client certificate (with its key) and the intermediates its file lists after it.</summary>
    public IssuedCertificate Certificate { get; }

    /// <summary>The client CA certificate (<c>client.ca</c>), or null.</summary>
    public X509Certificate2? Ca { get; }

    /// <summary>The client CA with its key (<c>client.caKey</c>), or null: without it no variant can be issued.</summary>
    public CertificateAuthority? Issuer { get; }

    /// <summary>Reads and checks the files; throws <see cref="ClientIdentityException"/> naming the field at fault.</summary>
    public static ClientIdentity Load(ClientIdentitySpec spec, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var chain = Certificates(spec.Cert, "cert");
        var leaf = WithKey(chain[0], spec.Key, "key", "cert");
        X509Certificate2? ca = null;
        CertificateAuthority? issuer = null;
        try
        {
            if (spec.Ca is not null)
            {
                var cas = Certificates(spec.Ca, "ca");
                ca = cas[0];
                foreach (var extra in cas.Skip(1))
                {
                    extra.Dispose();
                }

                if (!IssuedBy(chain, ca))
                {
                    throw new ClientIdentityException("ca", $"{spec.Cert} is not issued by {spec.Ca} (its issuer is '{chain[0].Issuer}')");
                }

                if (spec.CaKey is not null)
                {
                    issuer = CertificateAuthority.FromCertificate(WithKey(ca, spec.CaKey, "caKey", "ca"), time);
                }
            }
        }
        catch
        {
            leaf.Dispose();
            ca?.Dispose();
            throw;
        }

        chain[0].Dispose();
        return new ClientIdentity(new IssuedCertificate(leaf, [.. chain.Skip(1)]), ca, issuer);
    }

    /// <summary>Every problem with the files, as (field, message); empty when <see cref="Load"/> would succeed.</summary>
    public static IReadOnlyList<(string Key, string Message)> Problems(ClientIdentitySpec spec)
    {
        try
        {
            using var identity = Load(spec);
            return [];
        }
        catch (ClientIdentityException e)
        {
            return [(e.Key, e.Message)];
        }
    }

    /// <summary>
    /// The chain a variant issued by <see cref="Issuer"/> is sent with: the valid certificate's intermediates from the
    /// client CA upwards (none when the CA is the root above them).
    /// </summary>
    public IReadOnlyList<X509Certificate2> VariantIntermediates
    {
        get
        {
            if (Ca is null)
            {
                return [];
            }

            var at = Certificate.Intermediates.ToList().FindIndex(c => c.RawData.AsSpan().SequenceEqual(Ca.RawData));
            if (at >= 0)
            {
                return [.. Certificate.Intermediates.Skip(at)];
            }

            return Certificate.Certificate.IssuerName.RawData.AsSpan().SequenceEqual(Ca.SubjectName.RawData) ? Certificate.Intermediates : [];
        }
    }

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var c in Certificate.Intermediates)
        {
            c.Dispose();
        }

        Ca?.Dispose();
        Issuer?.Dispose();
    }

    private static List<X509Certificate2> Certificates(string file, string key)
    {
        if (!File.Exists(file))
        {
            throw new ClientIdentityException(key, $"file not found: {file}");
        }

        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ClientIdentityException(key, $"cannot read a PEM certificate from {file}: {e.Message}");
        }

        return collection.Count == 0 ? throw new ClientIdentityException(key, $"{file} holds no PEM certificate") : [.. collection];
    }

    /// <summary>The certificate with the private key read from <paramref name="keyFile"/> (PKCS#8, or traditional RSA/EC PEM).</summary>
    private static X509Certificate2 WithKey(X509Certificate2 certificate, string keyFile, string key, string certificateKey)
    {
        if (!File.Exists(keyFile))
        {
            throw new ClientIdentityException(key, $"file not found: {keyFile}");
        }

        string pem;
        try
        {
            pem = File.ReadAllText(keyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClientIdentityException(key, $"cannot read {keyFile}: {e.Message}");
        }

        if (pem.Contains("ENCRYPTED", StringComparison.Ordinal))
        {
            throw new ClientIdentityException(key, $"{keyFile} is an encrypted private key; give it unencrypted (file mode 0600)");
        }

        try
        {
            switch (certificate.GetKeyAlgorithm())
            {
                case "1.2.840.113549.1.1.1":
                {
                    using var rsa = RSA.Create();
                    rsa.ImportFromPem(pem);
                    return Matching(certificate, () => certificate.CopyWithPrivateKey(rsa), keyFile, key, certificateKey);
                }

                case "1.2.840.10045.2.1":
                {
                    using var ec = ECDsa.Create();
                    ec.ImportFromPem(pem);
                    return Matching(certificate, () => certificate.CopyWithPrivateKey(ec), keyFile, key, certificateKey);
                }

                default:
                    throw new ClientIdentityException(certificateKey, $"key algorithm {certificate.GetKeyAlgorithm()} is not supported (RSA or ECDSA)");
            }
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new ClientIdentityException(key, $"{keyFile} holds no private key of the {certificateKey} certificate's type ({Algorithm(certificate)})");
        }
    }

    private static X509Certificate2 Matching(X509Certificate2 certificate, Func<X509Certificate2> copy, string keyFile, string key, string certificateKey)
    {
        try
        {
            return copy();
        }
        catch (ArgumentException)
        {
            // CopyWithPrivateKey compares the public halves.
            throw new ClientIdentityException(key, $"the private key in {keyFile} does not match the {certificateKey} certificate ('{certificate.Subject}')");
        }
    }

    private static string Algorithm(X509Certificate2 c) => c.GetKeyAlgorithm() == "1.2.840.113549.1.1.1" ? "RSA" : "ECDSA";

    /// <summary>The leaf chains to <paramref name="ca"/> through the file's intermediates, signatures checked; validity dates and usages are not judged here.</summary>
    private static bool IssuedBy(List<X509Certificate2> chain, X509Certificate2 ca)
    {
        using var x = new X509Chain();
        x.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x.ChainPolicy.CustomTrustStore.Add(ca);
        x.ChainPolicy.ExtraStore.AddRange(chain.Skip(1).ToArray());
        x.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        x.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreWrongUsage
            | X509VerificationFlags.IgnoreInvalidBasicConstraints | X509VerificationFlags.IgnoreInvalidPolicy;
        x.Build(chain[0]);
        var reaches = x.ChainElements.Cast<X509ChainElement>().Skip(1).Any(e => e.Certificate.RawData.AsSpan().SequenceEqual(ca.RawData));
        var bad = x.ChainStatus.Any(s => s.Status is X509ChainStatusFlags.NotSignatureValid or X509ChainStatusFlags.PartialChain or X509ChainStatusFlags.UntrustedRoot);
        return reaches && !bad;
    }
}
