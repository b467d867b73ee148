using System.Formats.Tar;
using Conformance.Model;

namespace Conformance.Targets.Containers;

/// <summary>Builds the tar archives the engine extracts into a container (files 0600 owned by root, links as links).</summary>
public static class ContainerArchive
{
    /// <summary>Writes <paramref name="entries"/> (absolute container paths) into an in-memory tar, rewound.</summary>
    public static MemoryStream Build(IEnumerable<ArchiveEntry> entries)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            var stamp = DateTimeOffset.UtcNow;
            foreach (var e in entries)
            {
                var name = e.Path.TrimStart('/');
                var type = e.IsDirectory ? TarEntryType.Directory : e.LinkTarget is not null ? TarEntryType.SymbolicLink : TarEntryType.RegularFile;
                var entry = new PaxTarEntry(type, e.IsDirectory ? name + "/" : name)
                {
                    Mode = e.Mode,
                    ModificationTime = stamp,
                    Uid = 0,
                    Gid = 0,
                };
                if (e.LinkTarget is { } target)
                {
                    entry.LinkName = target;
                }

                if (e.Content is { } content)
                {
                    entry.DataStream = new MemoryStream(content, writable: false);
                }

                writer.WriteEntry(entry);
            }
        }

        stream.Position = 0;
        return stream;
    }

    /// <summary>
    /// The entries for a host folder copied to <paramref name="containerPath"/>: sub-folders, files and relative
    /// symbolic links as they are (a kubelet-style <c>..data</c> layout stays one).
    /// <paramref name="skip"/> names relative paths left out.
    /// </summary>
    public static List<ArchiveEntry> FromFolder(string hostFolder, string containerPath, Func<string, bool>? skip = null)
    {
        var list = new List<ArchiveEntry> { ArchiveEntry.Folder(containerPath) };
        Walk(new DirectoryInfo(hostFolder), containerPath, string.Empty, skip ?? (_ => false), list);
        return list;
    }

    private static void Walk(DirectoryInfo folder, string containerPath, string relative, Func<string, bool> skip, List<ArchiveEntry> list)
    {
        foreach (var info in folder.EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var rel = relative.Length == 0 ? info.Name : $"{relative}/{info.Name}";
            if (skip(rel))
            {
                continue;
            }

            var target = $"{containerPath}/{rel}";
            if (info.LinkTarget is { } link)
            {
                // Relative links keep working wherever the folder lands; absolute ones would name host paths.
                if (Path.IsPathRooted(link))
                {
                    throw new TargetException($"cannot copy {info.FullName} into the container: it links to the host path {link}");
                }

                list.Add(ArchiveEntry.Link(target, link));
            }
            else if (info is DirectoryInfo sub)
            {
                list.Add(ArchiveEntry.Folder(target));
                Walk(sub, containerPath, rel, skip, list);
            }
            else
            {
                list.Add(ArchiveEntry.File(target, File.ReadAllBytes(info.FullName)));
            }
        }
    }
}
