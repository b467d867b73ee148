namespace Conformance.Profiles;

/// <summary>Readiness: the port (or placeholder) that must accept TCP connections, and the bound on the wait.</summary>
public sealed record ReadySpec(string Tcp, TimeSpan Within);
