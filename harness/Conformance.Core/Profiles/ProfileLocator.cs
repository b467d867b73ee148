using System.Text.RegularExpressions;
using Conformance.Inputs;
using YamlDotNet.RepresentationModel;

namespace Conformance.Profiles;

/// <summary>
/// Finds where a field of a profile is written (<c>file:line:column</c>), for errors found after reading — a trust
/// file that cannot be read, a template that is missing — so they name the line like the reader's own errors do.
/// </summary>
public static partial class ProfileLocator
{
    /// <summary>
    /// <c>file:line:column: field</c> for a dotted field path such as <c>endpoints.https.trust</c>,
    /// <c>target.files.conf</c> or <c>mutant.breaks[2]</c>; <c>file: field</c> when the file or field cannot be found.
    /// </summary>
    public static string Where(string? file, string field)
    {
        if (file is null)
        {
            return field;
        }

        return Locate(file, field) is { } mark ? $"{file}:{mark.Line}:{mark.Column}: {field}" : $"{file}: {field}";
    }

    /// <summary>Like <see cref="Where(string?, string)"/>, with the profile's text already read (<see cref="Profile.SourceText"/>).</summary>
    public static string Where(Profile profile, string field)
    {
        if (profile.SourcePath is null)
        {
            return $"{profile.Name}: {field}";
        }

        var (file, mark) = Find(profile, field);
        return mark is { } m ? $"{file}:{m.Line}:{m.Column}: {field}" : $"{file}: {field}";
    }

    /// <summary>A <see cref="ProfileError"/> at the field's line and column (0:0 when it cannot be found).</summary>
    public static ProfileError Error(Profile profile, string field, string message)
    {
        var (file, at) = Find(profile, field);
        return new ProfileError(file ?? profile.Name, at?.Line ?? 0, at?.Column ?? 0, field, message);
    }

    /// <summary>Line and column (1-based) of the field's value in the profile's own text (read again only when it was not kept), or null.</summary>
    public static (int Line, int Column)? Locate(Profile profile, string field) => Find(profile, field).At;

    /// <summary>
    /// The file that holds the field's value and where in it. For an overlay that is the file the value was written in
    /// (the overlay or one of its bases); otherwise the profile's own file.
    /// </summary>
    private static (string? File, (int Line, int Column)? At) Find(Profile profile, string field)
    {
        if (profile.Composition is { } composition)
        {
            return NodeAt(composition.Root, field) is { } node
                ? (composition.Origins.Of(node).FullPath ?? composition.Origins.Of(node).Display, ((int)node.Start.Line, (int)node.Start.Column))
                : (profile.SourcePath, null);
        }

        var at = profile.SourceText is { } text ? LocateIn(text, field) : profile.SourcePath is { } file ? Locate(file, field) : null;
        return (profile.SourcePath, at);
    }

    /// <summary>Line and column (1-based) of the field's value, or null. The file is read again (bounded; regular files only).</summary>
    public static (int Line, int Column)? Locate(string file, string field)
    {
        try
        {
            return LocateIn(Inputs.InputFile.ReadText(file, Inputs.InputFile.ProfileBound, "a profile"), field);
        }
        catch (Inputs.InputFileException)
        {
            return null;
        }
    }

    /// <summary>Line and column (1-based) of the field's value in YAML text, or null.</summary>
    public static (int Line, int Column)? LocateIn(string yaml, string field)
    {
        YamlNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents[0].RootNode;
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            return null;
        }

        return NodeAt(root, field) is { } node ? ((int)node.Start.Line, (int)node.Start.Column) : null;
    }

    private static YamlNode? NodeAt(YamlNode node, string field)
    {
        foreach (Match part in Segment().Matches(field))
        {
            if (part.Groups["name"].Success)
            {
                if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(part.Groups["name"].Value), out var next))
                {
                    return null;
                }

                node = next;
            }
            else
            {
                var index = int.Parse(part.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (node is YamlSequenceNode seq && index < seq.Children.Count)
                {
                    node = seq.Children[index];
                }
                else if (node is not YamlScalarNode || index != 0)
                {
                    // A single value stands for a one-item list (trust: FILE); any other index is not there.
                    return null;
                }
            }
        }

        return node;
    }

    [GeneratedRegex(@"(?<name>[^.\[\]]+)|\[(?<index>\d+)\]")]
    private static partial Regex Segment();
}
