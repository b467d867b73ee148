namespace Conformance.Pki;

/// <summary>
/// An endpoint that asks for client certificates, as the client-certificate sets need it: its name, and whether the
/// harness configured its client trust (so the harness's own client matrix counts as the valid identity there).
/// </summary>
public sealed record ClientAuthEndpoint(string Name, bool HarnessConfiguredTrust);
