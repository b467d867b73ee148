namespace Conformance.Pki;

/// <summary>
/// Writes a Kubernetes Secret manifest (YAML) of type <c>kubernetes.io/tls</c> holding a certificate chain and key,
/// as a process-target stand-in for a mounted Secret (Flux's <c>--tls-secret</c>). Written 0600: it holds a key.
/// </summary>
public static class SecretManifest
{
    /// <summary>Writes the manifest; <paramref name="type"/> and <paramref name="data"/> can be altered to make the invalid variants.</summary>
    public static void Write(string path, string name, string type, IReadOnlyDictionary<string, string> data)
        => throw new NotImplementedException();

    /// <summary>The data map of a well-formed TLS secret for a certificate chain PEM and key PEM.</summary>
    public static IReadOnlyDictionary<string, string> TlsData(string certificatePem, string keyPem) =>
        new Dictionary<string, string> { ["tls.crt"] = certificatePem, ["tls.key"] = keyPem };
}
