using System.Text.RegularExpressions;

namespace Conformance.Reports;

/// <summary>
/// Defence in depth for "private keys never appear in any report": evidence types hold no key material by design,
/// and this guard catches one slipping in through free text (a body snippet, a log line, a note).
/// </summary>
public static partial class ReportSafety
{
    /// <summary>True if the text holds a PEM private key block header (<c>-----BEGIN … PRIVATE KEY-----</c>).</summary>
    public static bool ContainsPrivateKeyMaterial(string? text) =>
        !string.IsNullOrEmpty(text) && PrivateKeyPem().IsMatch(text);

    // Covers PKCS#8 (PRIVATE KEY), ENCRYPTED PRIVATE KEY, and the traditional RSA/EC/DSA/OPENSSH labels.
    [GeneratedRegex(@"-----BEGIN[ A-Z0-9]*PRIVATE KEY-----", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyPem();
}
