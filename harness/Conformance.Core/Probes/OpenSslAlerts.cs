using System.Globalization;
using System.Text.RegularExpressions;
using Conformance.Evidence;

namespace Conformance.Probes;

/// <summary>
/// Reads the TLS alert a peer sent out of SslStream's exception chain. On Linux SslStream wraps OpenSSL errors whose
/// text carries either "SSL alert number N" or a packed error code whose reason is 1000 + alert code
/// (SSL_AD_REASON_OFFSET), e.g. <c>error:0A000410:SSL routines::sslv3 alert handshake failure</c> → 40.
/// </summary>
internal static partial class OpenSslAlerts
{
    private static readonly (string Text, byte Code)[] Texts =
    [
        ("alert unexpected message", 10),
        ("alert bad record mac", 20),
        ("alert record overflow", 22),
        ("alert handshake failure", 40),
        ("alert bad certificate", 42),
        ("alert unsupported certificate", 43),
        ("alert certificate revoked", 44),
        ("alert certificate expired", 45),
        ("alert certificate unknown", 46),
        ("alert illegal parameter", 47),
        ("alert unknown ca", 48),
        ("alert access denied", 49),
        ("alert decode error", 50),
        ("alert decrypt error", 51),
        ("alert protocol version", 70),
        ("alert insufficient security", 71),
        ("alert internal error", 80),
        ("alert inappropriate fallback", 86),
        ("alert user canceled", 90),
        ("alert missing extension", 109),
        ("alert unsupported extension", 110),
        ("unrecognized name", 112),
        ("alert certificate required", 116),
        ("alert no application protocol", 120),
    ];

    /// <summary>The alert the peer sent, when the exception chain names one.</summary>
    public static TlsAlert? Find(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var alert = FromText(e.Message);
            if (alert is not null)
            {
                return alert;
            }
        }

        return null;
    }

    /// <summary>Parses one OpenSSL error text.</summary>
    public static TlsAlert? FromText(string message)
    {
        var number = AlertNumber().Match(message);
        if (number.Success && byte.TryParse(number.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return TlsAlert.From(2, n);
        }

        foreach (Match m in PackedCode().Matches(message))
        {
            var code = uint.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            // OpenSSL 3: library in the top bits (code >> 23), reason in the low 23 bits; OpenSSL 1.1: lib = code >> 24, reason = low 12 bits.
            uint? reason = (code >> 23) == 20 ? code & 0x7FFFFF : (code >> 24) == 20 ? code & 0xFFF : null;
            if (reason is >= 1000 and < 1256)
            {
                return TlsAlert.From(2, (byte)(reason.Value - 1000));
            }
        }

        foreach (var (text, code) in Texts)
        {
            if (message.Contains(text, StringComparison.OrdinalIgnoreCase))
            {
                return TlsAlert.From(2, code);
            }
        }

        return null;
    }

    [GeneratedRegex(@"alert number (\d{1,3})", RegexOptions.IgnoreCase)]
    private static partial Regex AlertNumber();

    [GeneratedRegex(@"error:([0-9A-Fa-f]{8}):")]
    private static partial Regex PackedCode();
}
