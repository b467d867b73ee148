using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Conformance.Pki;

/// <summary>Writes certificates and keys as PEM. Every file is created 0600 so no other user can read a key.</summary>
public static class PemWriter
{
    public static string CertificatesPem(IEnumerable<X509Certificate2> certificates)
    {
        var sb = new StringBuilder();
        foreach (var c in certificates)
        {
            sb.Append(c.ExportCertificatePem()).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>PKCS#8 PEM of the certificate's private key.</summary>
    public static string PrivateKeyPem(X509Certificate2 certificate)
    {
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new InvalidOperationException($"{certificate.Subject} has no private key");
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    public static void WriteCertificates(string path, IEnumerable<X509Certificate2> certificates) =>
        WriteSecret(path, CertificatesPem(certificates));

    public static void WritePrivateKey(string path, X509Certificate2 certificate) =>
        WriteSecret(path, PrivateKeyPem(certificate));

    /// <summary>Writes text to a new file readable only by its owner (0600 on Unix), replacing any file there.</summary>
    public static void WriteSecret(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(text);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only when the file is created; an existing file keeps its mode otherwise.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
