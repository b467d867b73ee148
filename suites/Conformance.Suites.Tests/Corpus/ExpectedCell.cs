namespace Conformance.Suites.Tests.Corpus;

/// <summary>
/// One cell of <c>fixtures/corpus/NAME/expected.yaml</c>: the verdict the measurements say the scenario deserves and
/// the measurement that says so. <see cref="Harness"/> and <see cref="Mismatch"/> record a known harness defect: the
/// verdict the harness gives instead, and which scenario behaviour causes it.
/// </summary>
internal sealed record ExpectedCell(string Verdict, string Why, string? Harness, string? Mismatch);
