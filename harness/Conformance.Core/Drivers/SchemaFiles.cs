using Conformance.Logs;
using Conformance.Profiles;
using Conformance.Schema;

namespace Conformance.Drivers;

/// <summary>
/// The files generated from the schema model: schemas/*.schema.json for editors and validators, docs/*-reference.md
/// for readers. <c>conformance profiles schema</c> writes them; tests check the committed copies are current.
/// </summary>
public static class SchemaFiles
{
    public const string ProfileSchemaFile = "profile.schema.json";
    public const string LogCatalogSchemaFile = "log-catalog.schema.json";
    public const string ProfileReferenceFile = "profile-reference.md";
    public const string LogCatalogReferenceFile = "log-catalog-reference.md";

    /// <summary>The profile schema the reader checks against (target kinds from the registered drivers).</summary>
    public static ObjectSchema Profile => ProfileReader.SchemaFor(TargetDrivers.All);

    public static ObjectSchema LogCatalog { get; } = LogCatalogSchema.Create();

    /// <summary>File name and content of each JSON Schema (the schemas/ folder).</summary>
    public static IReadOnlyList<(string Name, string Text)> JsonSchemas() =>
    [
        (ProfileSchemaFile, JsonSchemaWriter.Write(Profile, "Conformance profile", "A conformance profile (apiVersion: conformance/v1); an overlay (extends: FILE) holds only what differs from its base.", ProfileOverlay.Key)),
        (LogCatalogSchemaFile, JsonSchemaWriter.Write(LogCatalog, "Conformance log catalog", "What an implementation promises to log (kind: LogCatalog).")),
    ];

    /// <summary>File name and content of each key reference (the docs/ folder).</summary>
    public static IReadOnlyList<(string Name, string Text)> References() =>
    [
        (ProfileReferenceFile, SchemaReferenceWriter.Write(Profile, "Profile key reference", "Every key a profile may hold (see [profile.md](profile.md) for what the sections mean, overlays and placeholders). `NAME` stands for a name you choose; `[]` for a list entry. Editors validate against [schemas/profile.schema.json](../schemas/profile.schema.json).")),
        (LogCatalogReferenceFile, SchemaReferenceWriter.Write(LogCatalog, "Log catalog key reference", "Every key a log catalog may hold (see [logs.md](logs.md) for how the logs suite judges it). `[]` stands for a list entry. Editors validate against [schemas/log-catalog.schema.json](../schemas/log-catalog.schema.json).")),
    ];
}
