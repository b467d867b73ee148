namespace Conformance.Pki;

/// <summary>
/// The client certificates the mTLS scenarios present to one endpoint: the valid identity (the profile's
/// <c>client.cert</c>, or the harness matrix where the harness configured the endpoint's client trust), one from a
/// throwaway CA no one trusts, and — when a CA the endpoint trusts can issue them — the expired and the
/// serverAuth-only variants of the valid one (same subject and key, one property changed).
/// </summary>
public sealed class EndpointClientCertificates : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private EndpointClientCertificates(IssuedCertificate untrustedCa) => UntrustedCa = untrustedCa;

    /// <summary>The valid client certificate, or null when none is known for this endpoint.</summary>
    public IssuedCertificate? Valid { get; private init; }

    /// <summary>Issued by a root the harness made for this run and gave to no one.</summary>
    public IssuedCertificate UntrustedCa { get; }

    /// <summary>The valid certificate with its validity ended an hour ago, or null (no CA key).</summary>
    public IssuedCertificate? Expired { get; private init; }

    /// <summary>The valid certificate with EKU serverAuth only, or null (no CA key).</summary>
    public IssuedCertificate? ServerAuthOnly { get; private init; }

    /// <summary>The client CA with its key (<c>client.caKey</c>) that issued the variants, or null.</summary>
    public CertificateAuthority? Issuer { get; private init; }

    /// <summary>
    /// Every certificate of this set that carries a private key (the valid identity, its variants, the untrusted one,
    /// and the client CA when its key was given): what must never appear in a log.
    /// </summary>
    public IEnumerable<System.Security.Cryptography.X509Certificates.X509Certificate2> WithPrivateKeys =>
        new[] { Valid, UntrustedCa, Expired, ServerAuthOnly }.OfType<IssuedCertificate>().Select(c => c.Certificate)
            .Append(Issuer?.Certificate).OfType<System.Security.Cryptography.X509Certificates.X509Certificate2>()
            .Where(c => c.HasPrivateKey);

    /// <summary>Where the valid identity comes from, in words: "endpoints.https.client.cert" or "the harness PKI".</summary>
    public string Source { get; private init; } = "nothing";

    /// <summary>
    /// One set per endpoint that asks for client certificates (<paramref name="endpoints"/>). <paramref name="identities"/>
    /// are the loaded <c>client:</c> identities by endpoint name (owned by the caller).
    /// </summary>
    public static Dictionary<string, EndpointClientCertificates> Build(IReadOnlyList<ClientAuthEndpoint> endpoints, RunPki? pki, IReadOnlyDictionary<string, ClientIdentity> identities, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(identities);
        var sets = new Dictionary<string, EndpointClientCertificates>(StringComparer.Ordinal);
        if (endpoints.Count == 0)
        {
            return sets;
        }

        using var untrusted = CertificateAuthority.CreateRoot("Conformance Untrusted Client CA", KeySpec.EcdsaP256, time);
        foreach (var e in endpoints)
        {
            EndpointClientCertificates set;
            if (identities.TryGetValue(e.Name, out var id))
            {
                var now = time.GetUtcNow();
                var valid = id.Certificate.Certificate;
                set = new EndpointClientCertificates(untrusted.Reissue(valid, []))
                {
                    Valid = id.Certificate,
                    Expired = id.Issuer?.Reissue(valid, id.VariantIntermediates, now.AddDays(-30), now.AddHours(-1)),
                    ServerAuthOnly = id.Issuer?.Reissue(valid, id.VariantIntermediates, eku: EkuSpec.ServerAuth),
                    Source = $"endpoints.{e.Name}.client.cert",
                    Issuer = id.Issuer,
                };
                set._owned.Add(set.UntrustedCa);
                set._owned.AddRange(new[] { set.Expired, set.ServerAuthOnly }.OfType<IDisposable>());
            }
            else if (e.HarnessConfiguredTrust && pki?.Clients is { } matrix)
            {
                // Owned by the run PKI.
                set = new EndpointClientCertificates(matrix.UntrustedCa)
                {
                    Valid = matrix.Valid,
                    Expired = matrix.Expired,
                    ServerAuthOnly = matrix.ServerAuthOnly,
                    Source = "the harness PKI",
                };
            }
            else
            {
                set = new EndpointClientCertificates(untrusted.Issue(new LeafSpecBuilder().WithCommonName(ClientCertificates.CommonName)
                    .WithDnsNames(ClientCertificates.CommonName).WithEku(EkuSpec.ClientAuth).Build()));
                set._owned.Add(set.UntrustedCa);
            }

            sets[e.Name] = set;
        }

        return sets;
    }

    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }
    }
}
