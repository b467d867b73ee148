using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Conformance.Suites.Tests.Support;

/// <summary>
/// A minimal PNG reader for checking screenshots: validates the signature and every chunk's CRC, reads IHDR, and
/// decodes 8-bit RGB/RGBA non-interlaced images (what Chromium writes) into pixels. Nothing else is supported.
/// </summary>
internal sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    private readonly byte[] _pixels;
    private readonly int _channels;

    private PngImage(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        _channels = channels;
        _pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>True if <paramref name="data"/> starts with the PNG signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    public static PngImage Decode(byte[] data)
    {
        if (!HasSignature(data))
        {
            throw new InvalidDataException("not a PNG (signature missing)");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        var offset = Signature.Length;
        var first = true;
        while (true)
        {
            if (offset + 12 > data.Length)
            {
                throw new InvalidDataException("truncated PNG (no IEND chunk)");
            }

            var length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset)));
            var type = Encoding.ASCII.GetString(data, offset + 4, 4);
            if (offset + 12 + length > data.Length)
            {
                throw new InvalidDataException($"truncated PNG chunk {type}");
            }

            var body = data.AsSpan(offset + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset + 8 + length));
            if (crc != Crc(data.AsSpan(offset + 4, length + 4)))
            {
                throw new InvalidDataException($"PNG chunk {type}: CRC mismatch");
            }

            if (first && type != "IHDR")
            {
                throw new InvalidDataException("PNG does not start with IHDR");
            }

            first = false;
            switch (type)
            {
                case "IHDR":
                    width = checked((int)BinaryPrimitives.ReadUInt32BigEndian(body));
                    height = checked((int)BinaryPrimitives.ReadUInt32BigEndian(body[4..]));
                    var (depth, colour, interlace) = (body[8], body[9], body[12]);
                    channels = colour switch { 2 => 3, 6 => 4, _ => 0 };
                    if (depth != 8 || channels == 0 || interlace != 0)
                    {
                        throw new NotSupportedException($"PNG bit depth {depth}, colour type {colour}, interlace {interlace}: only 8-bit RGB/RGBA, non-interlaced");
                    }

                    break;
                case "IDAT":
                    idat.Write(body);
                    break;
                case "IEND":
                    return new PngImage(width, height, channels, Unfilter(idat.ToArray(), width, height, channels));
                default:
                    break;
            }

            offset += 12 + length;
        }
    }

    /// <summary>The pixel at (x, y) as RGB (alpha ignored: Chromium's screenshots are opaque).</summary>
    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            var i = ((y * Width) + x) * _channels;
            return (_pixels[i], _pixels[i + 1], _pixels[i + 2]);
        }
    }

    /// <summary>Counts, over the whole image, how often each RGB colour occurs (packed as 0xRRGGBB).</summary>
    public Dictionary<int, int> Histogram()
    {
        var histogram = new Dictionary<int, int>();
        for (var i = 0; i < _pixels.Length; i += _channels)
        {
            var rgb = (_pixels[i] << 16) | (_pixels[i + 1] << 8) | _pixels[i + 2];
            histogram[rgb] = histogram.GetValueOrDefault(rgb) + 1;
        }

        return histogram;
    }

    private static byte[] Unfilter(byte[] compressed, int width, int height, int channels)
    {
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress))
        {
            z.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        var stride = width * channels;
        if (raw.Length != height * (stride + 1))
        {
            throw new InvalidDataException($"PNG image data holds {raw.Length} bytes, expected {height * (stride + 1)}");
        }

        var pixels = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var src = (y * (stride + 1)) + 1;
            var row = y * stride;
            for (var x = 0; x < stride; x++)
            {
                int a = x >= channels ? pixels[row + x - channels] : 0;
                int b = y > 0 ? pixels[row - stride + x] : 0;
                int c = x >= channels && y > 0 ? pixels[row - stride + x - channels] : 0;
                var value = raw[src + x];
                pixels[row + x] = filter switch
                {
                    0 => value,
                    1 => (byte)(value + a),
                    2 => (byte)(value + b),
                    3 => (byte)(value + ((a + b) / 2)),
                    4 => (byte)(value + Paeth(a, b, c)),
                    _ => throw new InvalidDataException($"PNG row {y}: unknown filter {filter}"),
                };
            }
        }

        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static uint Crc(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
