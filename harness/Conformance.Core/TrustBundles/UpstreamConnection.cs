namespace Conformance.TrustBundles;

/// <summary>
/// One connection the harness's upstream saw: when, the certificate it presented (by the label the scenario gave
/// it), the SNI the client sent, and whether the handshake completed on the upstream's side or why not. A completed
/// handshake does not mean the client trusted the certificate: clients that judge it after their side of the
/// handshake (.NET's SslStream does) complete it and then close; only the upstream's answer reaching the client
/// proves trust.
/// </summary>
public sealed record UpstreamConnection(DateTimeOffset AtUtc, string Certificate, string? ServerName, bool Completed, string? Failure);
