using Conformance.Evidence;

namespace Conformance.Engine;

/// <summary>
/// The positive control for a refusal on one endpoint: the same request over TLS, with the endpoint's declared
/// server name. <see cref="Answered"/>: the TLS port answered it (an HTTP status or HTTP/2 SETTINGS, or — where the
/// endpoint requires client certificates — its certificate and then a refusal). <see cref="NameValidates"/>: the
/// served certificate names the declared server name.
/// </summary>
public sealed record ServedControl(string Endpoint, HandshakeEvidence Evidence, bool Answered, bool NameValidates, string Words);
