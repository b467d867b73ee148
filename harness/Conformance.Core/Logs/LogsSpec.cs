namespace Conformance.Logs;

/// <summary>A profile's <c>logs</c> section: the implementation's log catalog (path relative to the profile), already read and checked.</summary>
public sealed record LogsSpec(string CatalogPath, LogCatalog Catalog);
