namespace Conformance.Suites.Tests.Corpus;

/// <summary>
/// One cell of <c>fixtures/corpus/NAME/expected.yaml</c>: the verdict the measurements say the scenario deserves and
/// the measurement that says so.
/// </summary>
internal sealed record ExpectedCell(string Verdict, string Why);
