using Conformance.Load;

namespace Conformance.Rotation;

/// <summary>A named rotation: the client populations that load the target during it, and its steps in order.</summary>
public sealed record RotationProcedure(string Name, IReadOnlyList<PopulationSpec> Populations, IReadOnlyList<RotationStep> Steps);
