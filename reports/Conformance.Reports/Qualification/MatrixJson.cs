using System.Text.Json;

namespace Conformance.Reports.Qualification;

/// <summary>matrix.json: the qualification matrix with results.json's serializer options (camelCase, verdict spellings).</summary>
public static class MatrixJson
{
    public static string Serialize(QualificationMatrix matrix) => JsonSerializer.Serialize(matrix, JsonReport.Options) + "\n";

    /// <summary>True if <paramref name="json"/> is a matrix.json (its top-level <c>kind</c> says so), not a results.json.</summary>
    public static bool IsMatrix(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("kind", out var kind)
                && kind.ValueKind == JsonValueKind.String
                && kind.GetString() == QualificationMatrix.KindName;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Parses matrix.json text; throws <see cref="ResultsFormatException"/> naming <paramref name="source"/>.</summary>
    public static QualificationMatrix Parse(string json, string source)
    {
        if (!IsMatrix(json))
        {
            throw new ResultsFormatException($"{source}: not a matrix.json (no \"kind\": \"{QualificationMatrix.KindName}\" at the top level)");
        }

        try
        {
            var matrix = JsonSerializer.Deserialize<QualificationMatrix>(json, JsonReport.Options)
                ?? throw new ResultsFormatException($"{source}: not a matrix.json (null document)");
            return matrix.Schema == 1 ? matrix : throw new ResultsFormatException($"{source}: matrix.json schema {matrix.Schema} is not supported by this harness (known: 1)");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            var where = ex is JsonException { Path: { } p } ? $" at {p}" : string.Empty;
            throw new ResultsFormatException($"{source}: malformed matrix.json{where}: {ex.Message}", ex);
        }
    }
}
