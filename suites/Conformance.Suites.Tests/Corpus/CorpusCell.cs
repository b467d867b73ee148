namespace Conformance.Suites.Tests.Corpus;

/// <summary>One row of the corpus table: a server judged through one profile variant, or why it was not judged.</summary>
internal sealed record CorpusCell(string Server, string Variant, IReadOnlyDictionary<string, string>? Verdicts, IReadOnlyDictionary<string, string>? Reasons, string? Skipped, double Seconds);
