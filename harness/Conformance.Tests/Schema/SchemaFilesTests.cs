using Conformance.Drivers;

namespace Conformance.Tests.Schema;

/// <summary>
/// schemas/*.schema.json are generated from the schema model the readers use: the committed
/// copies must be what the code generates now.
/// </summary>
public sealed class SchemaFilesTests
{
    private const string Regenerate = "regenerate with: dotnet run --project harness/Conformance.Cli -- profiles schema (from the repository root)";

    public static TheoryData<string> JsonSchemaNames() => [.. SchemaFiles.JsonSchemas().Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(JsonSchemaNames))]
    public void The_committed_json_schema_is_what_the_schema_model_generates(string name)
    {
        var path = Path.Combine(RepoPaths.Root, "schemas", name);
        Assert.True(File.Exists(path), $"schemas/{name} is missing: {Regenerate}");
        Assert.True(File.ReadAllText(path).ReplaceLineEndings("\n") == SchemaFiles.JsonSchemas().Single(f => f.Name == name).Text, $"schemas/{name} is stale: {Regenerate}");
    }

    [Fact]
    public void The_profile_schema_offers_every_registered_target_kind()
    {
        var kinds = Assert.IsType<Conformance.Schema.EnumSchema>(SchemaFiles.Profile.Field("target") is { Node: Conformance.Schema.ObjectSchema target } ? target.Field("kind")!.Node : null);

        Assert.Equal(Conformance.Drivers.TargetDrivers.All.Select(d => d.Name), kinds.Texts);
    }

    [Fact]
    public void An_overlay_may_leave_out_required_keys_and_delete_a_base_key_with_null()
    {
        var overlay = "extends: ../reference.yaml\nname: m\nclaims: { redirect: ~ }\ntarget: { env: { A: ~ } }\n";

        Assert.Empty(SchemaCheck.ProfileProblems(overlay));
    }

    [Fact]
    public void An_overlay_is_still_checked_for_unknown_keys_and_bad_words()
    {
        Assert.NotEmpty(SchemaCheck.ProfileProblems("extends: ../reference.yaml\nclaims: { redirct: ~ }\n"));
        Assert.NotEmpty(SchemaCheck.ProfileProblems("extends: ../reference.yaml\nendpoints: { https: { clientAuth: maybe } }\n"));
    }

    [Fact]
    public void A_profile_without_extends_needs_its_required_keys_and_no_nulls()
    {
        Assert.NotEmpty(SchemaCheck.ProfileProblems("name: m\nclaims: { redirect: ~ }\n"));
    }
}
