namespace Conformance.Targets.Containers;

/// <summary>
/// One entry of a tar archive copied into a container: a folder, a file (<see cref="Content"/>) or a symbolic link
/// (<see cref="LinkTarget"/>, kept relative so kubelet's <c>..data</c> layout survives the copy).
/// </summary>
public sealed record ArchiveEntry(string Path, byte[]? Content = null, string? LinkTarget = null, UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
{
    public bool IsDirectory => Content is null && LinkTarget is null;

    public static ArchiveEntry Folder(string path) =>
        new(path, Mode: UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

    public static ArchiveEntry File(string path, byte[] content) => new(path, content);

    public static ArchiveEntry Link(string path, string target) =>
        new(path, LinkTarget: target, Mode: (UnixFileMode)0x1FF);
}
