using Conformance.Drivers;
using Conformance.Logs;

namespace Conformance.Tests.Schema;

/// <summary>
/// The reader and the generated JSON Schema agree: a corpus of broken profiles and catalogs both refuse, valid ones
/// both accept, and what only the reader can judge (cross references, either/or keys, values) is listed with why.
/// </summary>
public sealed class SchemaAgreementTests
{
    public static TheoryData<string, string> InvalidProfiles() => ProfileAgreementCorpus.Invalid();

    public static TheoryData<string, string> ValidProfiles() => ProfileAgreementCorpus.ValidCases();

    public static TheoryData<string, string> ReaderOnlyProfiles() => ProfileAgreementCorpus.ReaderOnly();

    public static TheoryData<string, string> InvalidCatalogs() => LogCatalogAgreementCorpus.Invalid();

    public static TheoryData<string, string> ValidCatalogs() => LogCatalogAgreementCorpus.ValidCases();

    public static TheoryData<string, string> ReaderOnlyCatalogs() => LogCatalogAgreementCorpus.ReaderOnly();

    [Theory]
    [MemberData(nameof(InvalidProfiles))]
    public void A_broken_profile_is_refused_by_the_reader_and_the_json_schema(string why, string yaml)
    {
        Assert.True(ProfileLoader.ValidateText(yaml, "corpus.yaml").Count > 0, $"{why}: the reader accepted it");
        Assert.True(SchemaCheck.ProfileProblems(yaml).Count > 0, $"{why}: the JSON Schema accepted it");
    }

    [Theory]
    [MemberData(nameof(ValidProfiles))]
    public void A_valid_profile_is_accepted_by_the_reader_and_the_json_schema(string why, string yaml)
    {
        Assert.True(ProfileLoader.ValidateText(yaml, "corpus.yaml") is { Count: 0 } e, $"{why}: the reader refused it: {string.Join("; ", ProfileLoader.ValidateText(yaml, "corpus.yaml"))}");
        Assert.True(SchemaCheck.ProfileProblems(yaml) is { Count: 0 }, $"{why}: the JSON Schema refused it: {string.Join("; ", SchemaCheck.ProfileProblems(yaml))}");
    }

    [Theory]
    [MemberData(nameof(ReaderOnlyProfiles))]
    public void What_only_the_reader_can_judge_in_a_profile_is_refused_by_the_reader(string why, string yaml)
    {
        Assert.True(ProfileLoader.ValidateText(yaml, "corpus.yaml").Count > 0, $"{why}: the reader accepted it");

        // The JSON Schema describes shapes, not these relations: it accepts the file, which is why the case is listed here.
        Assert.Empty(SchemaCheck.ProfileProblems(yaml));
    }

    [Theory]
    [MemberData(nameof(InvalidCatalogs))]
    public void A_broken_log_catalog_is_refused_by_the_reader_and_the_json_schema(string why, string yaml)
    {
        Assert.True(LogCatalogReader.Read(yaml, "corpus.yaml").Errors.Count > 0, $"{why}: the reader accepted it");
        Assert.True(SchemaCheck.LogCatalogProblems(yaml).Count > 0, $"{why}: the JSON Schema accepted it");
    }

    [Theory]
    [MemberData(nameof(ValidCatalogs))]
    public void A_valid_log_catalog_is_accepted_by_the_reader_and_the_json_schema(string why, string yaml)
    {
        var errors = LogCatalogReader.Read(yaml, "corpus.yaml").Errors;
        Assert.True(errors.Count == 0, $"{why}: the reader refused it: {string.Join("; ", errors)}");
        Assert.True(SchemaCheck.LogCatalogProblems(yaml) is { Count: 0 }, $"{why}: the JSON Schema refused it: {string.Join("; ", SchemaCheck.LogCatalogProblems(yaml))}");
    }

    [Theory]
    [MemberData(nameof(ReaderOnlyCatalogs))]
    public void What_only_the_reader_can_judge_in_a_log_catalog_is_refused_by_the_reader(string why, string yaml)
    {
        Assert.True(LogCatalogReader.Read(yaml, "corpus.yaml").Errors.Count > 0, $"{why}: the reader accepted it");
        Assert.Empty(SchemaCheck.LogCatalogProblems(yaml));
    }

    [Fact]
    public void The_corpus_covers_at_least_25_broken_inputs_in_both_formats()
    {
        Assert.True(InvalidProfiles().Count + InvalidCatalogs().Count >= 25);
        Assert.NotEmpty(InvalidCatalogs());
    }
}
