using System.Text.Json.Serialization;
using Conformance.Model;
using Conformance.Reports.Qualification;

namespace Conformance.Reports;

/// <summary>
/// Compile-time metadata for results.json and matrix.json. Without it System.Text.Json builds every property's accessor by
/// reflection (emitting and compiling a method per member) on the first serialization, the largest single cost of a
/// short run's reports (docs/performance.md). It carries no options of its own: <see cref="JsonReport.Options"/> keeps
/// the naming, the converters and the enum spellings, so the text written is the same as the reflection path's.
/// </summary>
[JsonSerializable(typeof(RunResult))]
[JsonSerializable(typeof(ScenarioResult))]
[JsonSerializable(typeof(QualificationMatrix))]
internal sealed partial class ResultsJsonContext : JsonSerializerContext;
