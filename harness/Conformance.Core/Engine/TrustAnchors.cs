using System.Security.Cryptography.X509Certificates;
using Conformance.Profiles;

namespace Conformance.Engine;

/// <summary>Reads the trust anchors an endpoint's profile entries name; the caller owns (and disposes) the certificates.</summary>
internal static class TrustAnchors
{
    /// <summary>
    /// The anchors of one TLS endpoint's <c>trust</c> entries (files, folders, <c>self</c>); each problem is noted
    /// through <paramref name="problem"/> and the rest still read, so one pass finds them all.
    /// <paramref name="resolve"/> notes an unresolved placeholder itself, which <paramref name="problems"/> (the count so far) shows.
    /// </summary>
    public static List<X509Certificate2> Load(EndpointSpec e, Func<string, string, string> resolve, Action<string, string> problem, Func<int> problems)
    {
        var list = new List<X509Certificate2>();
        for (var i = 0; i < e.Trust.Count; i++)
        {
            var field = $"endpoints.{e.Name}.trust";
            var at = e.Trust.Count > 1 ? $"{field}[{i}]" : field;
            var entry = e.Trust[i] == "self" ? "{pki:cert}" : e.Trust[i];
            var known = problems();
            var path = resolve(entry, field);
            if (problems() > known)
            {
                continue;
            }

            var folder = Inputs.FileKinds.Of(path) == Inputs.FileKind.Directory;
            var files = folder
                ? Directory.EnumerateFiles(path).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList()
                : [path];
            foreach (var file in files)
            {
                X509Certificate2Collection certs = [];
                string pem;
                try
                {
                    pem = Inputs.InputFile.ReadText(file, Inputs.InputFile.ProfileBound, "a trust file");
                    certs.ImportFromPem(pem);
                }
                catch (Inputs.InputFileException ex)
                {
                    problem(at, $"cannot read trust anchors from {ex.Message}");
                    continue;
                }
                catch (System.Security.Cryptography.CryptographicException ex)
                {
                    problem(at, $"cannot read trust anchors from {file}: {ex.Message.ReplaceLineEndings(" ")}");
                    continue;
                }

                if (certs.Count == 0 && !folder)
                {
                    // No anchors would make every chain "untrusted": a finding about the profile, not the implementation.
                    // A key where a certificate belongs is named as such (the key itself is never echoed).
                    problem(at, pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal)
                        ? $"{file} holds a private key but no PEM certificate; trust needs the CA certificate (-----BEGIN CERTIFICATE-----)"
                        : $"{file} holds no PEM certificate");
                    continue;
                }

                // "self" trusts the served leaf itself: only the first certificate of the file is the anchor.
                foreach (var c in e.Trust[i] == "self" ? certs.Take(1) : certs)
                {
                    list.Add(c);
                }
            }
        }

        return list;
    }
}
