namespace Conformance.TrustBundles;

/// <summary>How one request through the implementation to the harness's upstream ended.</summary>
public enum UpstreamOutcome
{
    /// <summary>The upstream's own answer came back: the implementation trusted the certificate it presented.</summary>
    Trusted,

    /// <summary>The upstream presented its certificate and no upstream answer came back: the certificate was refused.</summary>
    Refused,

    /// <summary>The upstream never saw the request's connection: nothing can be said about trust.</summary>
    Unreached,

    /// <summary>A 200 without the upstream's marker: something else answered.</summary>
    Unexpected,
}
