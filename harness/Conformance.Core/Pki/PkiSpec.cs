namespace Conformance.Pki;

/// <summary>The certificates the harness issues for a run (the <c>pki:</c> section).</summary>
public sealed record PkiSpec
{
    /// <summary>DNS SANs of the default server leaf.</summary>
    public IReadOnlyList<string> ServerNames { get; init; } = ["localhost"];

    /// <summary>iPAddress SANs of the default server leaf.</summary>
    public IReadOnlyList<string> IpAddresses { get; init; } = ["127.0.0.1"];

    /// <summary>The leaf is self-signed and is itself the trust anchor (Feldera).</summary>
    public bool SelfSignedLeaf { get; init; }

    /// <summary>Issue the leaf from an intermediate CA rather than directly from the root.</summary>
    public bool Intermediate { get; init; }

    public KeySpec Key { get; init; } = KeySpec.EcdsaP256;

    public EkuSpec Eku { get; init; } = EkuSpec.ServerAuth;

    /// <summary>Extra leaves chosen by SNI: group name → DNS names. Each becomes <c>{pki:cert:NAME}</c> and <c>{pki:key:NAME}</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Sni { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// Named server certificates an endpoint serves instead of the default leaf (<c>endpoints.NAME.certificate</c>),
    /// all issued by the run's CA (Direktiv: one certificate per port). Each becomes <c>{pki:cert:NAME}</c> and
    /// <c>{pki:key:NAME}</c>.
    /// </summary>
    public IReadOnlyDictionary<string, CertificateSpec> Certificates { get; init; } = new Dictionary<string, CertificateSpec>();

    /// <summary>The default leaf's names and usage.</summary>
    public CertificateSpec Default => new(ServerNames, IpAddresses, Eku);

    /// <summary>The certificate an endpoint naming <paramref name="certificate"/> serves (null: the default leaf).</summary>
    public CertificateSpec For(string? certificate) =>
        certificate is null ? Default
        : Certificates.TryGetValue(certificate, out var spec) ? spec
        : throw new InvalidOperationException($"pki.certificates has no certificate '{certificate}'");
}
