using Conformance.Inputs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Conformance.Profiles;

/// <summary>
/// <c>extends: FILE</c>: a profile written as the differences from a base profile. Mappings merge key by key, lists
/// and scalars replace the base's value whole, and a key set to null (<c>key: ~</c>, <c>key: null</c> or no value)
/// deletes the base's key. The path is relative to the overlay's file (to the working folder when the profile comes
/// from standard input); a base may extend another. Nodes keep their file, so an error names where a value was written.
/// </summary>
internal static class ProfileOverlay
{
    public const string Key = "extends";

    /// <summary>
    /// The root with every <c>extends</c> of the chain merged in; null after an error (a base that cannot be read or
    /// parsed, a cycle, a bad <c>extends</c> value).
    /// </summary>
    public static YamlNode? Compose(YamlNode root, NodeOrigins origins, List<ProfileError> errors, CancellationToken cancellationToken) =>
        Compose(root, origins.Top, origins, errors, [origins.Top.FullPath ?? origins.Top.Display], cancellationToken);

    private static YamlNode? Compose(YamlNode root, ProfileSourceFile file, NodeOrigins origins, List<ProfileError> errors, List<string> chain, CancellationToken cancellationToken)
    {
        origins.Claim(root, file);
        var key = new YamlScalarNode(Key);
        if (root is not YamlMappingNode overlay || !overlay.Children.TryGetValue(key, out var value))
        {
            return root;
        }

        void Error(string message) =>
            errors.Add(new ProfileError(file.Display, (int)value.Start.Line, (int)value.Start.Column, Key, message));

        overlay.Children.Remove(key);
        if (value is not YamlScalarNode { Value: { Length: > 0 } relative } || IsNull(value))
        {
            Error("expected the path of the base profile, relative to this file (e.g. extends: ../reference.yaml)");
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(file.Directory ?? Environment.CurrentDirectory, relative));
        var display = Path.IsPathRooted(file.Display) ? full : Path.GetRelativePath(Environment.CurrentDirectory, full);
        if (chain.IndexOf(full) is var at and >= 0)
        {
            var loop = chain.Skip(at).Append(full).Select(p => Path.IsPathRooted(file.Display) ? p : Path.GetRelativePath(Environment.CurrentDirectory, p));
            Error($"extends cycle: {string.Join(" -> ", loop)}");
            return null;
        }

        string text;
        try
        {
            text = Inputs.InputFile.ReadText(full, Inputs.InputFile.ProfileBound, "a base profile", cancellationToken);
        }
        catch (Inputs.InputFileException e)
        {
            Error($"base profile {display}: {e.Problem}");
            return null;
        }

        var baseFile = new ProfileSourceFile(display, full, Path.GetDirectoryName(full));
        origins.Bases.Add(baseFile);
        if (Parse(text, display, errors) is not { } parsed)
        {
            return null;
        }

        if (Compose(parsed, baseFile, origins, errors, [.. chain, full], cancellationToken) is not { } composed)
        {
            return null;
        }

        if (composed is not YamlMappingNode baseMap)
        {
            Error($"base profile {display} is not a mapping (apiVersion, name, target, …)");
            return null;
        }

        Merge(baseMap, overlay);
        return baseMap;
    }

    /// <summary>
    /// Parses one file's text into its single document's root; YAML syntax errors (and a second document) are
    /// reported against <paramref name="file"/>, located as precisely as the parser allows.
    /// </summary>
    public static YamlNode? Parse(string yaml, string file, List<ProfileError> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var (line, column) = YamlSyntaxLocator.Refine(yaml, e);
            errors.Add(new ProfileError(file, line, column, "(yaml)", ProfileReader.SyntaxMessage(e)));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this instead of a YamlException when the text ends inside an open flow or block.
            var (line, column) = YamlSyntaxLocator.UnclosedBracket(yaml);
            errors.Add(new ProfileError(file, line, column, "(yaml)", "YAML syntax error: a { … } or [ … ] opened here is never closed"));
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            errors.Add(new ProfileError(file, 1, 1, "(document)", "the file is empty"));
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            errors.Add(new ProfileError(file, (int)second.Start.Line, (int)second.Start.Column, "(document)", "a profile is one YAML document; remove the second '---'"));
        }

        return stream.Documents[0].RootNode;
    }

    /// <summary>Merges <paramref name="overlay"/> into <paramref name="target"/> in place (the base's key order kept, new keys appended).</summary>
    private static void Merge(YamlMappingNode target, YamlMappingNode overlay)
    {
        foreach (var (key, value) in overlay.Children)
        {
            if (!target.Children.TryGetValue(key, out var existing))
            {
                if (!IsNull(value))
                {
                    target.Children.Add(key, WithoutNulls(value));
                }
            }
            else if (IsNull(value))
            {
                target.Children.Remove(key);
            }
            else if (existing is YamlMappingNode baseMap && value is YamlMappingNode overlayMap)
            {
                Merge(baseMap, overlayMap);
            }
            else
            {
                target.Children[key] = WithoutNulls(value);
            }
        }
    }

    /// <summary>An overlay's null means "delete": in a mapping the base does not have, there is nothing to delete.</summary>
    private static YamlNode WithoutNulls(YamlNode node)
    {
        if (node is YamlMappingNode map)
        {
            foreach (var (key, value) in map.Children.ToList())
            {
                if (IsNull(value))
                {
                    map.Children.Remove(key);
                }
                else
                {
                    WithoutNulls(value);
                }
            }
        }

        return node;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };
}
