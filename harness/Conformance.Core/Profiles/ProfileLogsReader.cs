using Conformance.Inputs;
using Conformance.Logs;
using YamlDotNet.RepresentationModel;

namespace Conformance.Profiles;

/// <summary>
/// Reads a profile's <c>logs</c> section — <c>logs: { catalog: ../logs/queue-proxy.yaml }</c>, the path relative to
/// the profile — and the catalog it names. Errors in the section name the profile's line; errors inside the catalog
/// name the catalog's own file and line.
/// </summary>
internal static class ProfileLogsReader
{
    private static readonly string[] Keys = ["catalog"];

    public static LogsSpec? Read(YamlNode node, NodeOrigins origins, List<ProfileError> errors)
    {
        void Error(YamlNode at, string field, string message) =>
            errors.Add(new ProfileError(origins.Of(at).Display, (int)at.Start.Line, (int)at.Start.Column, field, message));

        if (node is not YamlMappingNode map)
        {
            Error(node, "logs", "expected a mapping (e.g. logs: { catalog: ../logs/queue-proxy.yaml })");
            return null;
        }

        string? path = null;
        YamlNode? pathNode = null;
        foreach (var (k, v) in map.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? string.Empty;
            if (!Keys.Contains(key, StringComparer.Ordinal))
            {
                var hint = KeySuggestion.Closest(key, Keys) is { } s ? $"did you mean '{s}'?" : "expected: catalog";
                Error(k, $"logs.{key}", $"unknown key '{key}' ({hint})");
                continue;
            }

            if (v is YamlScalarNode { Value: { Length: > 0 } text })
            {
                path = text;
                pathNode = v;
            }
            else
            {
                Error(v, "logs.catalog", "expected the path of a log catalog file (relative to the profile)");
            }
        }

        if (path is null)
        {
            if (pathNode is null && !map.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == "catalog"))
            {
                Error(node, "logs.catalog", "missing required field 'catalog' (e.g. catalog: ../logs/queue-proxy.yaml)");
            }

            return null;
        }

        // Relative to the file that wrote it: an overlay inherits its base's catalog as the base named it.
        var baseDirectory = origins.Of(pathNode!).Directory;
        var full = Path.IsPathRooted(path) || baseDirectory is null ? path : Path.GetFullPath(Path.Combine(baseDirectory, path));
        if (Inputs.FileKinds.Of(full) is var kind && kind != Inputs.FileKind.Regular)
        {
            Error(pathNode!, "logs.catalog", kind == Inputs.FileKind.Missing ? $"log catalog not found: {full}" : $"{full} is {Inputs.FileKinds.Describe(kind)}, not a regular file");
            return null;
        }

        var (catalog, problems) = LogCatalogReader.ReadFile(full);
        errors.AddRange(problems);
        return catalog is null ? null : new LogsSpec(full, catalog);
    }
}
