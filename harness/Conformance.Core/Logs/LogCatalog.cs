using System.Text.Json;

namespace Conformance.Logs;

/// <summary>
/// One implementation's log promises, read from a catalog YAML file (<c>fixtures/logs/*.yaml</c>): where the lines
/// come from, their format, what counts as an error, and the lines expected after start, rotation or a bad certificate.
/// </summary>
public sealed record LogCatalog
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Full path of the catalog file, or null when built in code.</summary>
    public string? SourcePath { get; init; }

    public LogSourceSpec Source { get; init; } = new();

    public LogFormat Format { get; init; } = LogFormat.Text;

    /// <summary>JSON keys tried in order for the message.</summary>
    public IReadOnlyList<string> MessageFields { get; init; } = ["message", "msg"];

    /// <summary>JSON keys tried in order for the level.</summary>
    public IReadOnlyList<string> LevelFields { get; init; } = ["severity", "level"];

    /// <summary>What counts as an error-level line (LG-03); null when the catalog says nothing.</summary>
    public LogLevelRule? Errors { get; init; }

    public IReadOnlyList<LogExpectation> Lines { get; init; } = [];

    public IEnumerable<LogExpectation> After(LogTrigger trigger) => Lines.Where(l => l.After == trigger);

    /// <summary>Reads a line as this catalog's format says; a JSON catalog falls back to the whole text for a line that is not a JSON object.</summary>
    public LogEntry Read(LogLine line)
    {
        if (Format != LogFormat.Json || !line.Text.TrimStart().StartsWith('{'))
        {
            return new LogEntry(line, line.Text, null);
        }

        try
        {
            using var doc = JsonDocument.Parse(line.Text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new LogEntry(line, line.Text, null);
            }

            return new LogEntry(line, Field(doc.RootElement, MessageFields) ?? line.Text, Field(doc.RootElement, LevelFields));
        }
        catch (JsonException)
        {
            return new LogEntry(line, line.Text, null);
        }
    }

    private static string? Field(JsonElement root, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (root.TryGetProperty(name, out var v))
            {
                return v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText();
            }
        }

        return null;
    }
}
