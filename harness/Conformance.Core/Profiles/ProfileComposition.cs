using YamlDotNet.RepresentationModel;

namespace Conformance.Profiles;

/// <summary>
/// The merged YAML tree of an overlay profile (<c>extends: FILE</c>) and the file each node came from, kept on the
/// <see cref="Profile"/> so errors found after reading still name the file and line that hold the value.
/// </summary>
public sealed class ProfileComposition
{
    internal ProfileComposition(YamlMappingNode root, NodeOrigins origins)
    {
        Root = root;
        Origins = origins;
    }

    /// <summary>The merged profile, <c>extends</c> removed.</summary>
    public YamlMappingNode Root { get; }

    internal NodeOrigins Origins { get; }

    /// <summary>The files the profile was built from: the bases, farthest first, then the overlay itself.</summary>
    public IReadOnlyList<string> Files => [.. Origins.Bases.AsEnumerable().Reverse().Select(b => b.Display), Origins.Top.Display];

    /// <summary>The merged profile as YAML (comments are not kept; the files' own text has them).</summary>
    public string ToYaml()
    {
        var writer = new StringWriter { NewLine = "\n" };
        new YamlStream(new YamlDocument(Root)).Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // The emitter closes the document with "...": noise for a single document printed to a terminal.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }
}
