namespace Conformance.Suites.Tests.Kubernetes;

/// <summary>
/// A reference flag that reads through the API server with the pod's service account (<c>--trust-bundles-from</c>,
/// <c>--tls-secret-from</c>): its value, and what RBAC must grant (verb on resource, and the object's name when one).
/// </summary>
internal sealed record ApiRead(string Flag, string Source, string Resource, string Verb, string? Name);
