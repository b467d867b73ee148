using Conformance.Drivers;
using Conformance.Logs;

namespace Conformance.Tests.Schema;

/// <summary>Both readers walk YAML with one layer: the same mistake gets the same kind of error from each.</summary>
public sealed class SharedWalkerTests
{
    [Fact]
    public void A_non_text_key_is_refused_the_same_way_in_a_profile_and_in_a_log_catalog()
    {
        var profile = Assert.Single(ProfileLoader.ValidateText(ProfileAgreementCorpus.Base + "? [a, b]\n: c\n", "p.yaml"));
        var catalog = Assert.Single(LogCatalogReader.Read(LogCatalogAgreementCorpus.Base + "? [a, b]\n: c\n", "c.yaml").Errors);

        Assert.Equal("keys are plain words, found a list", profile.Message);
        Assert.Equal(profile.Message, catalog.Message);
        Assert.Equal(("(document)", "(document)"), (profile.Field, catalog.Field));
    }

    [Fact]
    public void An_unknown_key_gets_the_same_suggestion_in_a_profile_and_in_a_log_catalog()
    {
        var profile = Assert.Single(ProfileLoader.ValidateText(ProfileAgreementCorpus.Base + "descripton: x\n", "p.yaml"));
        var catalog = Assert.Single(LogCatalogReader.Read(LogCatalogAgreementCorpus.Base + "descripton: x\n", "c.yaml").Errors);

        Assert.Equal("unknown key 'descripton' (did you mean 'description'?)", profile.Message);
        Assert.Equal(profile.Message, catalog.Message);
    }

    [Fact]
    public void A_required_key_written_with_no_value_is_reported_missing()
    {
        var error = Assert.Single(ProfileLoader.ValidateText(ProfileAgreementCorpus.Base.Replace("name: t", "name:", StringComparison.Ordinal), "p.yaml"));

        Assert.Equal(("name", 2), (error.Field, error.Line));
        Assert.StartsWith("missing required field 'name'", error.Message, StringComparison.Ordinal);
    }
}
