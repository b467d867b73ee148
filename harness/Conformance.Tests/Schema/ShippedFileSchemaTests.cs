using Conformance.Drivers;
using Conformance.Logs;

namespace Conformance.Tests.Schema;

/// <summary>
/// Every shipped profile and log catalog names its JSON Schema on its first line (editors then check it as it is
/// typed), and validates against it.
/// </summary>
public sealed class ShippedFileSchemaTests
{
    private const string Modeline = "# yaml-language-server: $schema=";

    public static TheoryData<string> Profiles() => [.. ShippedFiles.Profiles()];

    public static TheoryData<string> LogCatalogs() => [.. ShippedFiles.LogCatalogs()];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_shipped_profile_names_the_profile_schema_on_its_first_line(string file) =>
        AssertModeline(file, SchemaFiles.ProfileSchemaFile);

    [Theory]
    [MemberData(nameof(LogCatalogs))]
    public void A_shipped_log_catalog_names_the_log_catalog_schema_on_its_first_line(string file) =>
        AssertModeline(file, SchemaFiles.LogCatalogSchemaFile);

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_shipped_profile_validates_against_the_json_schema(string file)
    {
        var problems = SchemaCheck.ProfileProblems(File.ReadAllText(Path.Combine(RepoPaths.Root, file)));

        Assert.True(problems.Count == 0, $"{file}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Theory]
    [MemberData(nameof(LogCatalogs))]
    public void A_shipped_log_catalog_validates_against_the_json_schema(string file)
    {
        var problems = SchemaCheck.LogCatalogProblems(File.ReadAllText(Path.Combine(RepoPaths.Root, file)));

        Assert.True(problems.Count == 0, $"{file}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Fact]
    public void The_reader_reads_a_profile_the_same_with_and_without_the_modeline()
    {
        var path = Path.Combine(RepoPaths.FixtureProfiles, "reference.yaml");
        var text = File.ReadAllText(path);
        Assert.StartsWith(Modeline, text, StringComparison.Ordinal);

        var with = ProfileLoader.Parse(text, path);
        var without = ProfileLoader.Parse(text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..], path);

        Assert.Equal(without.Name, with.Name);
        Assert.Equal(without.Endpoints.Select(e => e.Name), with.Endpoints.Select(e => e.Name));
        Assert.Equal(without.Claims.Assumptions, with.Claims.Assumptions);
    }

    [Fact]
    public void The_catalog_reader_reads_a_catalog_with_the_modeline()
    {
        var path = Path.Combine(RepoPaths.Root, "fixtures", "logs", "queue-proxy.yaml");

        var (catalog, errors) = LogCatalogReader.ReadFile(path);

        Assert.Empty(errors);
        Assert.Equal("queue-proxy", catalog!.Name);
    }

    private static void AssertModeline(string file, string schema)
    {
        var path = Path.Combine(RepoPaths.Root, file);
        var first = File.ReadLines(path).First();
        Assert.True(first.StartsWith(Modeline, StringComparison.Ordinal), $"{file}: the first line must be {Modeline}<relative path to schemas/{schema}>, found: {first}");

        var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, first[Modeline.Length..].Trim()));
        Assert.Equal(Path.Combine(RepoPaths.Root, "schemas", schema), target);
        Assert.True(File.Exists(target), $"{file}: {target} does not exist");
    }
}
