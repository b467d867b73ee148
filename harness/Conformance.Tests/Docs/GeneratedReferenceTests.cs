using Conformance.Drivers;

namespace Conformance.Tests.Docs;

/// <summary>
/// docs/profile-reference.md and docs/log-catalog-reference.md are generated from the schema the readers check: a key
/// added, removed or reworded in the schema must show in the committed page, and the pages must be reachable.
/// </summary>
public sealed class GeneratedReferenceTests
{
    public static TheoryData<string> ReferenceNames() => [.. SchemaFiles.References().Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(ReferenceNames))]
    public void The_committed_key_reference_is_what_the_schema_generates(string name)
    {
        var path = Path.Combine(RepoPaths.Root, "docs", name);
        const string Regenerate = "regenerate with: dotnet run --project harness/Conformance.Cli -- profiles schema (from the repository root)";

        Assert.True(File.Exists(path), $"docs/{name} is missing: {Regenerate}");
        Assert.True(File.ReadAllText(path).ReplaceLineEndings("\n") == SchemaFiles.References().Single(f => f.Name == name).Text, $"docs/{name} is stale: {Regenerate}");
    }

    [Fact]
    public void The_readme_links_the_generated_profile_reference()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));

        Assert.Contains("(docs/profile-reference.md)", readme, StringComparison.Ordinal);
    }
}
