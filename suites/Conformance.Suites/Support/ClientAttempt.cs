using Conformance.Evidence;

namespace Conformance.Suites.Support;

/// <summary>What one connection with a given client certificate got: the outcome class, any HTTP status, and in words.</summary>
internal sealed record ClientAttempt(string Certificate, HandshakeOutcome Outcome, int? HttpStatus, TlsAlert? Alert, string Description);
