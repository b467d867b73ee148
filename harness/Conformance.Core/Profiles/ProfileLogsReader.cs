using Conformance.Logs;
using Conformance.Schema;
using YamlDotNet.RepresentationModel;

namespace Conformance.Profiles;

/// <summary>
/// Reads a profile's <c>logs</c> section — <c>logs: { catalog: ../logs/queue-proxy.yaml }</c>, the path relative to
/// the profile — and the catalog it names. Errors in the section name the profile's line; errors inside the catalog
/// name the catalog's own file and line.
/// </summary>
internal static class ProfileLogsReader
{
    public static LogsSpec? Read(YamlNode keyNode, YamlNode node, NodeOrigins origins, YamlWalker walk)
    {
        if (!walk.IsMapping(node, "logs", out var map))
        {
            return null;
        }

        var keys = walk.Keys(map, "logs", keyNode);
        if (!keys.TryGetValue("catalog", out var entry)
            || walk.Required(entry.Value, "logs.catalog", "the path of a log catalog file (relative to the profile)") is not { } path)
        {
            return null;
        }

        // Relative to the file that wrote it: an overlay inherits its base's catalog as the base named it.
        var pathNode = entry.Value;
        var baseDirectory = origins.Of(pathNode).Directory;
        var full = Path.IsPathRooted(path) || baseDirectory is null ? path : Path.GetFullPath(Path.Combine(baseDirectory, path));
        if (Inputs.FileKinds.Of(full) is var kind && kind != Inputs.FileKind.Regular)
        {
            walk.Error(pathNode, "logs.catalog", kind == Inputs.FileKind.Missing ? $"log catalog not found: {full}" : $"{full} is {Inputs.FileKinds.Describe(kind)}, not a regular file");
            return null;
        }

        var (catalog, problems) = LogCatalogReader.ReadFile(full);
        walk.Errors.AddRange(problems);
        return catalog is null ? null : new LogsSpec(full, catalog);
    }
}
