using Conformance.Evidence;

namespace Conformance.Suites.Support;

/// <summary>
/// What one connection with a given client certificate got: the outcome class, any HTTP status, in words, and whether
/// the server sent a CertificateRequest (null: not observable, e.g. gRPC).
/// </summary>
internal sealed record ClientAttempt(string Certificate, HandshakeOutcome Outcome, int? HttpStatus, TlsAlert? Alert, string Description, bool? CertificateRequested);
