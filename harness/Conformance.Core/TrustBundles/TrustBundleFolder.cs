
namespace Conformance.TrustBundles;

/// <summary>
/// A folder of trust-bundle ConfigMap manifests (<see cref="TrustBundleManifest"/>), one file per ConfigMap, as the
/// process target's implementation reads it (<c>{run:bundles}</c>). Writes are atomic: the manifest goes to a hidden
/// temporary file in the same folder and is renamed over <c>&lt;name&gt;.yaml</c>, so a reader sees the old
/// ConfigMap or the new one, never half of either. Readers should skip dot-files.
/// </summary>
public sealed class TrustBundleFolder(string path)
{
    public string Path { get; } = path;

    /// <summary>The file that stands for the ConfigMap named <paramref name="name"/>.</summary>
    public string FileFor(string name) => System.IO.Path.Combine(Path, TrustBundleManifest.FileName(name));

    /// <summary>A hidden, unique name in the folder for the manifest being written (renamed over <see cref="FileFor"/> when complete).</summary>
    public static string TempFileName(string name) => $".{name}.{Guid.NewGuid():N}.tmp";

    /// <summary>Creates or replaces the bundle's file in one rename.</summary>
    public void Apply(TrustBundle bundle)
    {
        var text = TrustBundleManifest.Render(bundle);
        var target = FileFor(bundle.Name);
        var temp = System.IO.Path.Combine(Path, TempFileName(bundle.Name));
        try
        {
            // Certificates only, but 0600 like every other file of the run's workspace.
            Pki.PemWriter.WriteSecret(temp, text);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Removes the bundle's file; no error when it does not exist.</summary>
    public void Delete(string name)
    {
        TrustBundleManifest.Validate(new TrustBundle(name, new Dictionary<string, string>(), new Dictionary<string, string>()));
        File.Delete(FileFor(name));
    }
}
