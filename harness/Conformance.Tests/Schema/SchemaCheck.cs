using System.Text.Json;
using Conformance.Drivers;
using Json.Schema;

namespace Conformance.Tests.Schema;

/// <summary>Validates YAML text against the committed JSON Schemas under schemas/ with JsonSchema.Net.</summary>
internal static class SchemaCheck
{
    private static readonly Lazy<JsonSchema> Profile = new(() => Load(SchemaFiles.ProfileSchemaFile));
    private static readonly Lazy<JsonSchema> LogCatalog = new(() => Load(SchemaFiles.LogCatalogSchemaFile));

    public static string SchemasFolder => Path.Combine(RepoPaths.Root, "schemas");

    /// <summary>The JSON Schema's complaints about the profile; empty when it is valid.</summary>
    public static IReadOnlyList<string> ProfileProblems(string yaml) => Problems(Profile.Value, yaml);

    public static IReadOnlyList<string> LogCatalogProblems(string yaml) => Problems(LogCatalog.Value, yaml);

    private static JsonSchema Load(string name) => JsonSchema.FromText(File.ReadAllText(Path.Combine(SchemasFolder, name)));

    private static List<string> Problems(JsonSchema schema, string yaml)
    {
        var json = YamlToJson.Convert(yaml);
        using var doc = JsonDocument.Parse(json?.ToJsonString() ?? "null");
        var result = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        var problems = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .ToList();
        return problems.Count > 0 ? problems : ["invalid (no detail)"];
    }
}
