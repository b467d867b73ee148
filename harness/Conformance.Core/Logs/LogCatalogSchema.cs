using Conformance.Schema;

namespace Conformance.Logs;

/// <summary>
/// Every key a log catalog may hold, written once: <see cref="LogCatalogReader"/> checks keys, types, words and
/// required keys against it, and schemas/log-catalog.schema.json and docs/log-catalog-reference.md are generated from it.
/// </summary>
public static class LogCatalogSchema
{
    /// <summary>The forms <see cref="LogCount.TryParse"/> accepts besides a bare number.</summary>
    public const string CountPattern = @"^(none|(exactly\s+|at\s+least\s+)?[0-9]+)$";

    public static ObjectSchema Create() => new(
    [
        new("apiVersion", new EnumSchema([new("conformance/v1", "the catalog format this harness reads")]), "the catalog format version", "conformance/v1"),
        new("kind", new EnumSchema([new("LogCatalog", "a log catalog")]), "what this file is", "LogCatalog"),
        new("name", new StringSchema(), "the catalog's name, shown in the report", Required: true, Example: "name: queue-proxy"),
        new("description", new StringSchema(), "one line about the implementation whose logs these are"),
        new("source", new ObjectSchema(
        [
            new("streams", new ListSchema(new StringSchema(), AllowScalar: true, MinItems: 1), "the target's captured output: stdout/stderr (process, container), the container name (pod), or *", "[*]"),
            new("file", new StringSchema(), "a file the harness tails instead (placeholders resolved)"),
        ], ExactlyOne: ["streams", "file"]), "where the log lines come from: streams or file, not both", "{ streams: [*] }"),
        new("format", new EnumSchema(
        [
            new("text", "each line is the message", LogFormat.Text),
            new("json", "each line is a JSON object; the message and level are read from its fields", LogFormat.Json),
        ]), "how a line is read", "text"),
        new("json", new ObjectSchema(
        [
            new("message", new ListSchema(new StringSchema(), AllowScalar: true), "JSON keys holding the message, tried in order", "[message, msg]"),
            new("level", new ListSchema(new StringSchema(), AllowScalar: true), "JSON keys holding the level, tried in order", "[severity, level]"),
        ]), "format: json only: the field names"),
        new("errors", new ObjectSchema(
        [
            new("atLeast", new EnumSchema([.. LogLevelRule.Levels.Select(l => new EnumValue(l, string.Empty))]), "format: json: the lowest level that counts as an error"),
            new("pattern", new StringSchema(Form: "regular expression"), "a regex on the whole line that marks an error (text catalogs)"),
        ]), "what counts as an error-level line (LG-03): atLeast or pattern"),
        new("lines", new ListSchema(new ObjectSchema(
        [
            new("name", new StringSchema(), "the line's name, unique in the catalog", Required: true, Example: "name: reload"),
            new("pattern", new StringSchema(Form: "regular expression"), "a regex on the message; placeholders resolved and escaped per run", Required: true, Example: "pattern: '^Certificate reloaded$'"),
            new("when", new ObjectSchema(
            [
                new("after", new EnumSchema(
                [
                    new("start", "after the target starts (LG-02)", LogTrigger.Start),
                    new("rotation", "after each certificate change (LG-01)", LogTrigger.Rotation),
                    new("bad-certificate", "after a corrupt certificate is installed", LogTrigger.BadCertificate),
                ]), "the action the line follows", Required: true, Example: "after: rotation"),
                new("within", new DurationSchema(), "how long after the action the line may appear", "10s"),
            ]), "when the line is expected", Required: true, Example: "when: { after: rotation, within: 10s }"),
            new("count", new OneOfSchema([new IntegerSchema(0), new StringSchema(CountPattern, "count")]), "exactly N, at least N, or none (a bare number means exactly)", "exactly 1"),
            new("servedWhenLogged", new BooleanSchema(), "rotation lines: the line promises the new pair is served, so a handshake begun after it must get it", "false"),
        ])), "the lines the implementation promises to log"),
    ]);
}
