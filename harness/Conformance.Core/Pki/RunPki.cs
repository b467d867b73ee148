using System.Security.Cryptography.X509Certificates;

namespace Conformance.Pki;

/// <summary>
/// The certificates the harness issues for one run from a profile's <c>pki:</c> section, written to the run
/// workspace. Placeholders: <c>{pki:ca}</c>, <c>{pki:ca-key}</c>, <c>{pki:cert}</c>, <c>{pki:key}</c>,
/// <c>{pki:cert:NAME}</c>, <c>{pki:key:NAME}</c> (an SNI group's or a named certificate's), <c>{pki:dir}</c>, <c>{pki:live}</c>, <c>{pki:secret}</c>,
/// <c>{pki:client-ca}</c>, <c>{pki:client-cert}</c>, <c>{pki:client-key}</c>, <c>{pki:bundle}</c>. <c>{pki:cert}</c> and
/// <c>{pki:key}</c> are symlinks into the live folder (<c>pki/live/tls.crt</c> → <c>..data/tls.crt</c>);
/// <c>{pki:bundle}</c> is the trust bundle the implementation verifies with (<c>pki/bundle/ca.crt</c>, same layout,
/// initially the anchor), replaced by <see cref="Targets.ITargetActions.ReplaceTrustBundleAsync"/>.
/// </summary>
public sealed class RunPki : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private RunPki(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>The root CA (null when the leaf is self-signed).</summary>
    public CertificateAuthority? Root { get; private set; }

    /// <summary>The CA that issued the leaves (the intermediate when the profile asks for one).</summary>
    public CertificateAuthority? Issuer { get; private set; }

    /// <summary>The default server leaf.</summary>
    public IssuedCertificate ServerLeaf { get; private set; } = null!;

    /// <summary>Leaves chosen by SNI, by group name.</summary>
    public IReadOnlyDictionary<string, IssuedCertificate> SniLeaves { get; private set; } = new Dictionary<string, IssuedCertificate>();

    /// <summary>Named per-endpoint certificates (<c>pki.certificates</c>), by name.</summary>
    public IReadOnlyDictionary<string, IssuedCertificate> NamedLeaves { get; private set; } = new Dictionary<string, IssuedCertificate>();

    /// <summary>Whether the profile's endpoints serve named certificates: rotation swaps only the default pair.</summary>
    public bool HasNamedCertificates => NamedLeaves.Count > 0;

    /// <summary>The leaf an endpoint naming <paramref name="certificate"/> is served (null: the default leaf).</summary>
    public IssuedCertificate LeafFor(string? certificate) =>
        certificate is null ? ServerLeaf
        : NamedLeaves.TryGetValue(certificate, out var leaf) ? leaf
        : throw new InvalidOperationException($"pki.certificates has no certificate '{certificate}'");

    /// <summary>The trust anchor for <c>{pki:ca}</c>: the root, or the leaf itself when self-signed.</summary>
    public X509Certificate2 Anchor => Root?.Certificate ?? ServerLeaf.Certificate;

    /// <summary>
    /// The mTLS client matrix (valid, untrusted CA, expired, serverAuth-only), issued when the CA exists. The CA that
    /// servers must trust for clients is <c>{pki:client-ca}</c> (the root).
    /// </summary>
    public ClientCertificates? Clients { get; private set; }

    /// <summary>Folder holding the live server pair in kubelet's <c>..data</c> layout (<c>{pki:live}</c>); rotate it with <see cref="CertificateSwap"/>.</summary>
    public string LiveDirectory => Path.Combine(Directory, "live");

    /// <summary>Folder holding the implementation's trust bundle <c>ca.crt</c> in the <c>..data</c> layout (<c>{pki:bundle}</c> is the file).</summary>
    public string BundleDirectory => Path.Combine(Directory, "bundle");

    /// <summary>Placeholder values (paths of the written files).</summary>
    public IReadOnlyDictionary<string, string> Placeholders { get; private set; } = new Dictionary<string, string>();

    /// <summary>The pki section this PKI was issued from (rotation issues replacement leaves from it).</summary>
    public PkiSpec Spec { get; private set; } = new();

    /// <summary>
    /// A replacement for the server leaf with the same names, EKU and key type: issued by <paramref name="issuer"/>
    /// (default: this run's issuer), or self-signed when the profile's leaf is. The caller owns it.
    /// </summary>
    public IssuedCertificate IssueReplacementLeaf(CertificateAuthority? issuer = null, TimeProvider? time = null)
    {
        var leaf = new LeafSpecBuilder()
            .WithCommonName(Spec.ServerNames.FirstOrDefault() ?? Spec.IpAddresses.FirstOrDefault() ?? "localhost")
            .WithDnsNames(Spec.ServerNames).WithIpAddresses(Spec.IpAddresses).WithEku(Spec.Eku).WithKey(Spec.Key).Build();
        return Spec.SelfSignedLeaf && issuer is null
            ? CertificateAuthority.SelfSignedLeaf(leaf, time)
            : (issuer ?? Issuer ?? throw new InvalidOperationException("no CA to issue a replacement leaf")).Issue(leaf);
    }

    public static RunPki Issue(PkiSpec spec, RunWorkspace workspace, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var dir = workspace.File("pki");
        System.IO.Directory.CreateDirectory(dir);
        var pki = new RunPki(dir) { Spec = spec };
        var values = new Dictionary<string, string> { ["pki:dir"] = dir };
        LeafSpec Leaf(IReadOnlyList<string> names, IReadOnlyList<string> ips) => new LeafSpecBuilder()
            .WithCommonName(names.FirstOrDefault() ?? ips.FirstOrDefault() ?? "localhost")
            .WithDnsNames(names).WithIpAddresses(ips).WithEku(spec.Eku).WithKey(spec.Key).Build();

        if (spec.SelfSignedLeaf)
        {
            pki.ServerLeaf = CertificateAuthority.SelfSignedLeaf(Leaf(spec.ServerNames, spec.IpAddresses), time);
            pki._owned.Add(pki.ServerLeaf);
        }
        else
        {
            pki.Root = CertificateAuthority.CreateRoot("Conformance Root CA", KeySpec.EcdsaP256, time);
            pki._owned.Add(pki.Root);
            pki.Issuer = spec.Intermediate ? pki.Root.CreateIntermediate("Conformance Intermediate CA") : pki.Root;
            if (spec.Intermediate)
            {
                pki._owned.Add(pki.Issuer);
            }

            pki.ServerLeaf = pki.Issuer.Issue(Leaf(spec.ServerNames, spec.IpAddresses));
            pki._owned.Add(pki.ServerLeaf);
            PemWriter.WritePrivateKey(Path.Combine(dir, "ca.key"), pki.Issuer.Certificate);
            values["pki:ca-key"] = Path.Combine(dir, "ca.key");
            PemWriter.WriteCertificates(Path.Combine(dir, "issuer.crt"), [pki.Issuer.Certificate]);
            values["pki:issuer"] = Path.Combine(dir, "issuer.crt");
        }

        PemWriter.WriteCertificates(Path.Combine(dir, "ca.crt"), [pki.Anchor]);
        values["pki:ca"] = Path.Combine(dir, "ca.crt");
        CertificateSwap.Initialise(pki.BundleDirectory, new Dictionary<string, string> { ["ca.crt"] = PemWriter.CertificatesPem([pki.Anchor]) });
        values["pki:bundle"] = Path.Combine(pki.BundleDirectory, "ca.crt");

        // The server pair lives in kubelet's ..data layout so a rotation swaps both files with one rename.
        var chainPem = PemWriter.CertificatesPem(pki.ServerLeaf.ServedChain);
        var keyPem = PemWriter.PrivateKeyPem(pki.ServerLeaf.Certificate);
        CertificateSwap.Initialise(pki.LiveDirectory, new Dictionary<string, string> { ["tls.crt"] = chainPem, ["tls.key"] = keyPem });
        values["pki:live"] = pki.LiveDirectory;
        values["pki:cert"] = Path.Combine(pki.LiveDirectory, "tls.crt");
        values["pki:key"] = Path.Combine(pki.LiveDirectory, "tls.key");
        SecretManifest.Write(Path.Combine(dir, "secret.yaml"), "conformance-tls", SecretManifest.TlsType, SecretManifest.TlsData(chainPem, keyPem));
        values["pki:secret"] = Path.Combine(dir, "secret.yaml");

        if (pki.Issuer is not null && pki.Root is not null)
        {
            // A root no server is told about, for the "client certificate from an untrusted CA" case.
            using var untrusted = CertificateAuthority.CreateRoot("Conformance Untrusted Client CA", KeySpec.EcdsaP256, time);
            var clients = ClientCertificates.Issue(pki.Issuer, untrusted);
            pki._owned.AddRange(clients.All);
            pki.Clients = clients;
            values["pki:client-ca"] = Path.Combine(dir, "ca.crt");
            PemWriter.WriteCertificates(Path.Combine(dir, "client.crt"), clients.Valid.ServedChain);
            PemWriter.WritePrivateKey(Path.Combine(dir, "client.key"), clients.Valid.Certificate);
            values["pki:client-cert"] = Path.Combine(dir, "client.crt");
            values["pki:client-key"] = Path.Combine(dir, "client.key");
        }

        var sni = new Dictionary<string, IssuedCertificate>();
        // An SNI group's or a named certificate's leaf: issued by the run's CA, its pair written (key 0600) and named
        // by {pki:cert:NAME}/{pki:key:NAME}.
        IssuedCertificate IssueNamed(CertificateAuthority issuer, LeafSpec leafSpec, string file, string placeholder)
        {
            var leaf = issuer.Issue(leafSpec);
            pki._owned.Add(leaf);
            PemWriter.WriteCertificates(Path.Combine(dir, $"{file}.crt"), leaf.ServedChain);
            PemWriter.WritePrivateKey(Path.Combine(dir, $"{file}.key"), leaf.Certificate);
            values[$"pki:cert:{placeholder}"] = Path.Combine(dir, $"{file}.crt");
            values[$"pki:key:{placeholder}"] = Path.Combine(dir, $"{file}.key");
            return leaf;
        }

        foreach (var (group, names) in spec.Sni)
        {
            if (pki.Issuer is null)
            {
                throw new InvalidOperationException("pki.sni needs a CA; it cannot be combined with selfSignedLeaf");
            }

            sni[group] = IssueNamed(pki.Issuer, Leaf(names, []), $"sni-{group}", group);
        }

        pki.SniLeaves = sni;

        var named = new Dictionary<string, IssuedCertificate>(StringComparer.Ordinal);
        foreach (var (name, certificate) in spec.Certificates)
        {
            if (pki.Issuer is null)
            {
                throw new InvalidOperationException("pki.certificates needs a CA; it cannot be combined with selfSignedLeaf");
            }

            named[name] = IssueNamed(pki.Issuer, new LeafSpecBuilder()
                .WithCommonName(certificate.ServerNames.FirstOrDefault() ?? certificate.IpAddresses.FirstOrDefault() ?? name)
                .WithDnsNames(certificate.ServerNames).WithIpAddresses(certificate.IpAddresses).WithEku(certificate.Eku).WithKey(spec.Key).Build(), $"cert-{name}", name);
        }

        pki.NamedLeaves = named;
        pki.Placeholders = values;
        return pki;
    }

    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }
    }
}
