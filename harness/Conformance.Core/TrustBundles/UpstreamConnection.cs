namespace Conformance.TrustBundles;

/// <summary>
/// One connection the harness's upstream saw: when, the certificate it presented (by the label the scenario gave
/// it), the SNI the client sent, and whether the handshake completed (the client trusted the certificate) or why not.
/// </summary>
public sealed record UpstreamConnection(DateTimeOffset AtUtc, string Certificate, string? ServerName, bool Completed, string? Failure);
