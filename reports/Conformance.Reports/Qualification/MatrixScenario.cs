using Conformance.Model;

namespace Conformance.Reports.Qualification;

/// <summary>A column of the qualification matrix: one scenario of the catalog, as the runs reported it.</summary>
public sealed record MatrixScenario(string Id, string Suite, Level Level, string Title);
