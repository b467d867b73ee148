using System.Security.Cryptography.X509Certificates;

namespace Conformance.Load;

/// <summary>A group of clients with the same trust anchors (which can change during the run, e.g. at the bundle step of a CA rotation).</summary>
public sealed record PopulationSpec(string Name, IReadOnlyList<X509Certificate2> Trust, int Workers);
