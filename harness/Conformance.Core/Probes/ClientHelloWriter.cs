using System.Security.Cryptography;
using System.Text;

namespace Conformance.Probes;

/// <summary>
/// Writes a ClientHello offering exactly one TLS version. TLS 1.0–1.2 are offered through <c>client_version</c> alone
/// (no supported_versions extension); TLS 1.3 through <c>supported_versions = [0x0304]</c> with an x25519 key share.
/// The record layer says 0x0301, as browsers and OpenSSL do for a first flight.
/// </summary>
internal static class ClientHelloWriter
{
    // TLS 1.0/1.1: CBC-SHA suites only (ECDHE-ECDSA, ECDHE-RSA, DHE-RSA, classic RSA, 3DES), plus the renegotiation SCSV.
    private static readonly ushort[] LegacySuites =
        [0xC009, 0xC00A, 0xC013, 0xC014, 0x0033, 0x0039, 0x002F, 0x0035, 0x000A, 0x00FF];

    // TLS 1.2: AEAD first (GCM, ChaCha20), then SHA-2 and SHA-1 CBC suites, plus the renegotiation SCSV.
    private static readonly ushort[] Tls12Suites =
    [
        0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0x009E, 0x009F, 0x009C, 0x009D,
        0xC023, 0xC027, 0xC024, 0xC028, 0x003C, 0x003D, 0xC009, 0xC013, 0xC00A, 0xC014, 0x002F, 0x0035, 0x00FF,
    ];

    private static readonly ushort[] Tls13Suites = [0x1301, 0x1302, 0x1303];

    private static readonly ushort[] Groups = [0x001D, 0x0017, 0x0018, 0x0019];

    private static readonly ushort[] SignatureAlgorithms =
        [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601, 0x0807, 0x0201, 0x0203];

    /// <summary>The whole record (header included).</summary>
    public static byte[] Write(TlsVersion version, string? serverName, IReadOnlyList<string> alpn)
    {
        var tls13 = version == TlsVersion.Tls13;
        var body = new List<byte>(512);
        Put16(body, tls13 ? (ushort)0x0303 : version.Code());
        body.AddRange(RandomNumberGenerator.GetBytes(32));

        // A 32-byte legacy session id for TLS 1.3 (middlebox compatibility mode), none before.
        var sessionId = tls13 ? RandomNumberGenerator.GetBytes(32) : [];
        body.Add((byte)sessionId.Length);
        body.AddRange(sessionId);

        var suites = version switch
        {
            TlsVersion.Tls13 => Tls13Suites,
            TlsVersion.Tls12 => Tls12Suites,
            _ => LegacySuites,
        };
        Put16(body, (ushort)(suites.Length * 2));
        foreach (var s in suites)
        {
            Put16(body, s);
        }

        body.Add(1);
        body.Add(0);

        var ext = new List<byte>(256);
        if (serverName is not null)
        {
            // Sent exactly as given (a trailing dot included): what the server does with it is part of the evidence.
            var name = Encoding.ASCII.GetBytes(serverName);
            var list = new List<byte> { 0 };
            Put16(list, (ushort)name.Length);
            list.AddRange(name);
            Extension(ext, 0x0000, [.. Prefixed16(list)]);
        }

        Extension(ext, 0x000A, [.. Prefixed16(Codes(tls13 ? Groups.Take(2) : Groups))]);
        if (!tls13)
        {
            Extension(ext, 0x000B, [1, 0]);
            Extension(ext, 0x0017, []);
            Extension(ext, 0xFF01, [0]);
        }

        Extension(ext, 0x000D, [.. Prefixed16(Codes(SignatureAlgorithms))]);
        if (alpn.Count > 0)
        {
            var list = new List<byte>();
            foreach (var p in alpn)
            {
                var bytes = Encoding.ASCII.GetBytes(p);
                list.Add((byte)bytes.Length);
                list.AddRange(bytes);
            }

            Extension(ext, 0x0010, [.. Prefixed16(list)]);
        }

        if (tls13)
        {
            Extension(ext, 0x002B, [2, 0x03, 0x04]);
            Extension(ext, 0x002D, [1, 1]);

            // One x25519 share: random bytes are a valid public value, and the handshake is never finished.
            var share = new List<byte>();
            Put16(share, 0x001D);
            Put16(share, 32);
            share.AddRange(RandomNumberGenerator.GetBytes(32));
            Extension(ext, 0x0033, [.. Prefixed16(share)]);
        }

        Put16(body, (ushort)ext.Count);
        body.AddRange(ext);

        var record = new List<byte>(body.Count + 9) { 0x16, 0x03, 0x01 };
        Put16(record, (ushort)(body.Count + 4));
        record.Add(1);
        record.Add((byte)(body.Count >> 16));
        record.Add((byte)(body.Count >> 8));
        record.Add((byte)body.Count);
        record.AddRange(body);
        return [.. record];
    }

    private static List<byte> Codes(IEnumerable<ushort> codes)
    {
        var list = new List<byte>();
        foreach (var c in codes)
        {
            Put16(list, c);
        }

        return list;
    }

    private static List<byte> Prefixed16(List<byte> content)
    {
        var list = new List<byte>(content.Count + 2);
        Put16(list, (ushort)content.Count);
        list.AddRange(content);
        return list;
    }

    private static void Extension(List<byte> to, ushort type, byte[] data)
    {
        Put16(to, type);
        Put16(to, (ushort)data.Length);
        to.AddRange(data);
    }

    private static void Put16(List<byte> to, ushort value)
    {
        to.Add((byte)(value >> 8));
        to.Add((byte)value);
    }
}
