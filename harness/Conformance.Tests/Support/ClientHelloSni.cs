using System.Text;

namespace Conformance.Tests.Support;

/// <summary>Reads the server_name extension (RFC 6066) out of a raw TLS ClientHello record.</summary>
public static class ClientHelloSni
{
    /// <summary>The host name exactly as sent, or null when the ClientHello has no SNI (or is not a ClientHello).</summary>
    public static string? Read(byte[] record)
    {
        if (record.Length < 9 || record[0] != 0x16 || record[5] != 0x01)
        {
            return null;
        }

        // Record header (5), handshake type (1) and length (3), client_version (2), random (32).
        var p = 5 + 4 + 2 + 32;
        p += 1 + record[p];
        p += 2 + ((record[p] << 8) | record[p + 1]);
        p += 1 + record[p];
        var end = p + 2 + ((record[p] << 8) | record[p + 1]);
        p += 2;
        while (p + 4 <= end && p + 4 <= record.Length)
        {
            var type = (record[p] << 8) | record[p + 1];
            var length = (record[p + 2] << 8) | record[p + 3];
            p += 4;
            if (type == 0)
            {
                // server_name_list length (2), name_type (1), host_name length (2), host_name.
                var nameLength = (record[p + 3] << 8) | record[p + 4];
                return Encoding.ASCII.GetString(record, p + 5, nameLength);
            }

            p += length;
        }

        return null;
    }
}
