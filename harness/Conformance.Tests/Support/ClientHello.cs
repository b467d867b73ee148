using System.Security.Cryptography;
using System.Text;

namespace Conformance.Tests.Support;

/// <summary>
/// A raw TLS ClientHello (offers 1.3 and 1.2, x25519 key share) with an optional SNI, so a test can read the
/// server's first record byte for byte, e.g. the exact alert of a refused server name.
/// </summary>
public static class ClientHello
{
    public static byte[] Build(string? serverName)
    {
        var extensions = new List<byte>();
        if (serverName is not null)
        {
            var name = Encoding.ASCII.GetBytes(serverName);
            Extension(extensions, 0x0000, [.. U16(name.Length + 3), 0x00, .. U16(name.Length), .. name]);
        }

        Extension(extensions, 0x000a, [.. U16(4), 0x00, 0x1d, 0x00, 0x17]);
        Extension(extensions, 0x000b, [0x01, 0x00]);
        Extension(extensions, 0x000d, [.. U16(6), 0x04, 0x03, 0x08, 0x04, 0x04, 0x01]);
        Extension(extensions, 0x002b, [0x04, 0x03, 0x04, 0x03, 0x03]);
        Extension(extensions, 0x0033, [.. U16(36), 0x00, 0x1d, .. U16(32), .. RandomNumberGenerator.GetBytes(32)]);

        byte[] body =
        [
            0x03, 0x03, .. RandomNumberGenerator.GetBytes(32),
            32, .. RandomNumberGenerator.GetBytes(32),
            .. U16(8), 0x13, 0x01, 0x13, 0x02, 0xc0, 0x2b, 0xc0, 0x2f,
            0x01, 0x00,
            .. U16(extensions.Count), .. extensions,
        ];
        byte[] handshake = [0x01, (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length, .. body];
        return [0x16, 0x03, 0x01, .. U16(handshake.Length), .. handshake];
    }

    private static void Extension(List<byte> into, int type, byte[] data)
    {
        into.AddRange(U16(type));
        into.AddRange(U16(data.Length));
        into.AddRange(data);
    }

    private static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];
}
