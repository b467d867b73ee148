using System.Security.Authentication;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Conformance.Model;

namespace Conformance.Reports;

/// <summary>
/// results.json: the versioned, machine-readable form of a <see cref="RunResult"/>. camelCase properties, enums as
/// strings (verdicts <c>pass|fail|not-applicable|error</c>, levels <c>MUST|SHOULD|MAY</c>, TLS protocols by name such as
/// <c>Tls13</c>, every other enum kebab-case), evidence tagged by <c>kind</c>.
/// </summary>
public static class JsonReport
{
    /// <summary>The results.json schema versions this build can read.</summary>
    public static IReadOnlyList<int> KnownSchemas { get; } = [1];

    /// <summary>The serializer options every reader and writer of results.json must use (read-only).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serializes a run, indented, <c>schema</c> first.</summary>
    public static string Serialize(RunResult result) => JsonSerializer.Serialize(result, Options) + "\n";

    /// <summary>Reads a results.json file; throws <see cref="ResultsFormatException"/> if it is not one of a known schema.</summary>
    public static RunResult Read(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses results.json text; <paramref name="source"/> names it in error messages.</summary>
    public static RunResult Parse(string json, string source = "results.json")
    {
        // The schema is checked before binding so an old or foreign file gets a message about its version,
        // not a confusing complaint about some property deep inside it.
        int schema;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("schema", out var schemaElement)
                || schemaElement.ValueKind != JsonValueKind.Number
                || !schemaElement.TryGetInt32(out schema))
            {
                throw new ResultsFormatException($"{source}: not a results.json (no numeric \"schema\" property at the top level)");
            }
        }
        catch (JsonException ex)
        {
            throw new ResultsFormatException($"{source}: not a results.json (not valid JSON: line {ex.LineNumber + 1}: {ex.Message})", ex);
        }

        if (!KnownSchemas.Contains(schema))
        {
            throw new ResultsFormatException(
                $"{source}: results.json schema {schema} is not supported by this harness (known: {string.Join(", ", KnownSchemas)})");
        }

        try
        {
            return JsonSerializer.Deserialize<RunResult>(json, Options)
                ?? throw new ResultsFormatException($"{source}: not a results.json (null document)");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            var where = ex is JsonException { Path: { } p } ? $" at {p}" : string.Empty;
            throw new ResultsFormatException($"{source}: malformed results.json schema {schema}{where}: {ex.Message}", ex);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            IndentSize = 2,

            // results.json is read by people and by tools, never embedded in HTML by this harness (the HTML report is
            // built from the model through the DOM), so quotes and angle brackets in server text stay readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,

            // A NaN duration must not cost the whole report.
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,

            // Hand-edited or other-tool files may not put "kind" first.
            AllowOutOfOrderMetadataProperties = true,
            RespectRequiredConstructorParameters = true,

            // Source-generated metadata for the report types (no reflection on the first write); any other type a caller
            // passes with these options still works through the reflection resolver.
            TypeInfoResolver = JsonTypeInfoResolver.Combine(ResultsJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };

        // First match wins: the specific spellings come before the general kebab-case rule.
        options.Converters.Add(new VerdictCountsJsonConverter());
        options.Converters.Add(new UtcDateTimeOffsetJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter<Level>(JsonNamingPolicy.KebabCaseUpper, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter<SslProtocols>(namingPolicy: null, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
