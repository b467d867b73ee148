namespace Conformance.Pki;

/// <summary>
/// Replaces a certificate and its key together, as kubelet does for mounted Secrets: the new pair goes into a fresh
/// folder and one rename swaps the <c>..data</c> symlink, so no reader ever sees a new certificate with an old key.
/// Layout: <c>DIR/tls.crt -&gt; ..data/tls.crt</c>, <c>DIR/tls.key -&gt; ..data/tls.key</c>, <c>DIR/..data -&gt; ..&lt;stamp&gt;</c>.
/// </summary>
public static class CertificateSwap
{
    /// <summary>Creates the layout in <paramref name="directory"/> with the first pair (files 0600).</summary>
    public static void Initialise(string directory, IReadOnlyDictionary<string, string> files)
        => throw new NotImplementedException();

    /// <summary>Atomically swaps in a new set of files (same names); the previous folder is removed afterwards.</summary>
    public static void Swap(string directory, IReadOnlyDictionary<string, string> files)
        => throw new NotImplementedException();
}
