using System.Net.Security;
using System.Text;

namespace Conformance.Probes;

/// <summary>The fields of a ServerHello the version probe records.</summary>
internal sealed record ServerHelloInfo(ushort LegacyVersion, ushort? SupportedVersion, ushort CipherSuite, string? Alpn, bool HelloRetryRequest)
{
    /// <summary>The version the server chose: supported_versions when present (TLS 1.3), otherwise the legacy field.</summary>
    public ushort Selected => SupportedVersion ?? LegacyVersion;

    public string CipherSuiteName => Enum.IsDefined((TlsCipherSuite)CipherSuite) ? ((TlsCipherSuite)CipherSuite).ToString() : $"0x{CipherSuite:X4}";
}

/// <summary>Parses a ServerHello handshake message body (RFC 5246 §7.4.1.3, RFC 8446 §4.1.3).</summary>
internal static class ServerHelloParser
{
    // SHA-256("HelloRetryRequest"): the random of a ServerHello that is really a HelloRetryRequest.
    private static readonly byte[] RetryRandom = Convert.FromHexString("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    /// <summary>Parses <paramref name="body"/> (after the 4-byte handshake header); null when it is malformed.</summary>
    public static ServerHelloInfo? Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length < 38)
        {
            return null;
        }

        var legacy = (ushort)((body[0] << 8) | body[1]);
        var retry = body.Slice(2, 32).SequenceEqual(RetryRandom);
        var at = 34;
        int sessionLength = body[at++];
        at += sessionLength;
        if (body.Length < at + 3)
        {
            return null;
        }

        var suite = (ushort)((body[at] << 8) | body[at + 1]);
        at += 3;
        ushort? supported = null;
        string? alpn = null;
        if (body.Length >= at + 2)
        {
            var end = Math.Min(body.Length, at + 2 + ((body[at] << 8) | body[at + 1]));
            at += 2;
            while (at + 4 <= end)
            {
                var type = (body[at] << 8) | body[at + 1];
                var length = (body[at + 2] << 8) | body[at + 3];
                at += 4;
                if (at + length > end)
                {
                    return null;
                }

                var data = body.Slice(at, length);
                if (type == 0x002B && length == 2)
                {
                    supported = (ushort)((data[0] << 8) | data[1]);
                }
                else if (type == 0x0010 && length >= 3 && data[2] + 3 <= length)
                {
                    alpn = Encoding.ASCII.GetString(data.Slice(3, data[2]));
                }

                at += length;
            }
        }

        return new ServerHelloInfo(legacy, supported, suite, alpn, retry);
    }
}
