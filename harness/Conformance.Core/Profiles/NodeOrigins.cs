using YamlDotNet.RepresentationModel;

namespace Conformance.Profiles;

/// <summary>
/// Which file each YAML node of a profile was written in. An overlay's merged tree mixes nodes of several files; an
/// error names the file and line of the node it is about, and a relative path resolves against that node's file.
/// </summary>
internal sealed class NodeOrigins
{
    // By reference: two equal scalars written in different files are different nodes.
    private readonly Dictionary<YamlNode, ProfileSourceFile> _files = new(ReferenceEqualityComparer.Instance);

    public NodeOrigins(ProfileSourceFile top) => Top = top;

    /// <summary>The file the user named (the last overlay of a chain); nodes not claimed by a base belong to it.</summary>
    public ProfileSourceFile Top { get; }

    /// <summary>The bases, nearest first (empty when the profile extends nothing).</summary>
    public List<ProfileSourceFile> Bases { get; } = [];

    public void Claim(YamlNode root, ProfileSourceFile file)
    {
        foreach (var node in root.AllNodes)
        {
            _files[node] = file;
        }
    }

    public ProfileSourceFile Of(YamlNode node) => _files.TryGetValue(node, out var file) ? file : Top;
}
