using Conformance.Profiles;

namespace Conformance.Engine;

/// <summary>
/// Which client identity the mTLS scenarios may present to an endpoint. The harness presents a certificate of its own
/// CA as "valid" only where it rendered the implementation's client trust itself: a target it runs (process, container,
/// kubernetes) whose endpoint is verified with the harness PKI (<c>{pki:...}</c> trust) and names no <c>client:</c>.
/// </summary>
public static class ClientTrust
{
    /// <summary>True when the harness PKI configured this endpoint's client trust, so its client matrix is the right one.</summary>
    public static bool HarnessConfigured(Profile profile, EndpointSpec endpoint)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.Client is null
            && Drivers.TargetCapabilities.Has(profile, Profiles.TargetCapability.HarnessPki)
            && !profile.Pki.SelfSignedLeaf
            && endpoint.Trust.Count > 0
            && endpoint.Trust.All(t => t.StartsWith("{pki:", StringComparison.Ordinal));
    }

    /// <summary>A valid client certificate is known for the endpoint (its <c>client.cert</c>, or the harness matrix).</summary>
    public static bool HasValidIdentity(Profile profile, EndpointSpec endpoint) =>
        endpoint.Client is not null || HarnessConfigured(profile, endpoint);

    /// <summary>Expired and no-clientAuth variants can be issued by a CA the endpoint trusts (<c>client.caKey</c>, or the harness matrix).</summary>
    public static bool CanIssueVariants(Profile profile, EndpointSpec endpoint) =>
        endpoint.Client?.CaKey is not null || HarnessConfigured(profile, endpoint);
}
