using System.Text;

namespace Conformance.Load;

/// <summary>What the bytes read so far amount to.</summary>
internal enum FrameState
{
    NeedMore,
    Complete,
    Malformed,
}

/// <summary>
/// Finds where one HTTP/1.1 response ends without copying it: status line, the headers that frame it (Content-Length,
/// Transfer-Encoding: chunked, Connection), then the body is counted or de-chunked as it streams through the buffer.
/// Allocation-free; the caller owns the buffer and resets <c>filled</c> to what <see cref="Feed"/> says to keep.
/// </summary>
internal struct ResponseFramer
{
    private const int NoLength = -1;
    private bool _headDone;
    private bool _chunked;
    private bool _untilClose;
    private long _remaining;
    private ChunkState _chunk;
    private long _chunkSize;
    private int _trailerLine;

    private enum ChunkState : byte
    {
        Size,
        Extension,
        Data,
        DataEnd,
        Trailer,
        Done,
    }

    public int Status { get; private set; }

    /// <summary>The server said it will close the connection after this response (or framed the body by closing).</summary>
    public bool CloseAfter { get; private set; }

    public void Reset() => this = default;

    /// <summary>
    /// Consumes <paramref name="buffer"/>[0..<paramref name="filled"/>). On return <paramref name="filled"/> is how many
    /// bytes to keep at the start of the buffer (an unfinished head); body bytes are consumed and dropped.
    /// </summary>
    public FrameState Feed(byte[] buffer, ref int filled)
    {
        var start = 0;
        if (!_headDone)
        {
            var data = buffer.AsSpan(0, filled);
            var end = data.IndexOf("\r\n\r\n"u8);
            if (end < 0)
            {
                return filled == buffer.Length ? FrameState.Malformed : FrameState.NeedMore;
            }

            if (!ParseHead(data[..(end + 2)]))
            {
                return FrameState.Malformed;
            }

            _headDone = true;
            start = end + 4;
        }

        var body = buffer.AsSpan(start, filled - start);
        filled = 0;
        if (_untilClose)
        {
            return FrameState.NeedMore;
        }

        if (!_chunked)
        {
            _remaining -= body.Length;
            return _remaining <= 0 ? FrameState.Complete : FrameState.NeedMore;
        }

        return FeedChunked(body);
    }

    /// <summary>The peer closed: complete only when the body was framed by the close.</summary>
    public readonly bool CompleteOnClose() => _headDone && _untilClose;

    private static bool IsHeader(ReadOnlySpan<byte> line, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (line.Length <= name.Length || line[name.Length] != (byte)':' || !Ascii.EqualsIgnoreCase(line[..name.Length], name))
        {
            return false;
        }

        value = line[(name.Length + 1)..].Trim((byte)' ').Trim((byte)'\t');
        return true;
    }

    private bool ParseHead(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 200 OK\r\n": version, a space, three digits.
        var lineEnd = head.IndexOf("\r\n"u8);
        var line = head[..lineEnd];
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[8] != (byte)' '
            || !char.IsAsciiDigit((char)line[9]) || !char.IsAsciiDigit((char)line[10]) || !char.IsAsciiDigit((char)line[11]))
        {
            return false;
        }

        Status = ((line[9] - '0') * 100) + ((line[10] - '0') * 10) + (line[11] - '0');
        var http10 = line[7] == (byte)'0';
        var keepAlive = false;
        long length = NoLength;
        var rest = head[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            var e = rest.IndexOf("\r\n"u8);
            var h = e < 0 ? rest : rest[..e];
            rest = e < 0 ? default : rest[(e + 2)..];
            if (IsHeader(h, "Content-Length"u8, out var v))
            {
                if (!TryParseDecimal(v, out length))
                {
                    return false;
                }
            }
            else if (IsHeader(h, "Transfer-Encoding"u8, out v))
            {
                _chunked = v.IndexOf("chunked"u8) >= 0 || Ascii.EqualsIgnoreCase(v, "chunked"u8);
            }
            else if (IsHeader(h, "Connection"u8, out v))
            {
                if (Ascii.EqualsIgnoreCase(v, "close"u8))
                {
                    CloseAfter = true;
                }
                else if (Ascii.EqualsIgnoreCase(v, "keep-alive"u8))
                {
                    keepAlive = true;
                }
            }
        }

        if (http10 && !keepAlive)
        {
            CloseAfter = true;
        }

        if (Status is < 200 or 204 or 304)
        {
            _chunked = false;
            _remaining = 0;
        }
        else if (_chunked)
        {
            _chunk = ChunkState.Size;
        }
        else if (length >= 0)
        {
            _remaining = length;
        }
        else
        {
            _untilClose = true;
            CloseAfter = true;
        }

        return true;
    }

    private static bool TryParseDecimal(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 18)
        {
            return false;
        }

        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    private FrameState FeedChunked(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            var b = data[i];
            switch (_chunk)
            {
                case ChunkState.Size:
                    if (char.IsAsciiHexDigit((char)b))
                    {
                        if (_chunkSize > (long.MaxValue >> 5))
                        {
                            return FrameState.Malformed;
                        }

                        _chunkSize = (_chunkSize << 4) + HexValue(b);
                    }
                    else if (b == (byte)'\n')
                    {
                        EndOfSizeLine();
                    }
                    else if (b != (byte)'\r')
                    {
                        _chunk = ChunkState.Extension;
                    }

                    i++;
                    break;
                case ChunkState.Extension:
                    if (b == (byte)'\n')
                    {
                        EndOfSizeLine();
                    }

                    i++;
                    break;
                case ChunkState.Data:
                    var take = (int)Math.Min(_chunkSize, data.Length - i);
                    _chunkSize -= take;
                    i += take;
                    if (_chunkSize == 0)
                    {
                        _chunk = ChunkState.DataEnd;
                    }

                    break;
                case ChunkState.DataEnd:
                    if (b == (byte)'\n')
                    {
                        _chunk = ChunkState.Size;
                        _chunkSize = 0;
                    }
                    else if (b != (byte)'\r')
                    {
                        return FrameState.Malformed;
                    }

                    i++;
                    break;
                case ChunkState.Trailer:
                    if (b == (byte)'\n')
                    {
                        if (_trailerLine == 0)
                        {
                            _chunk = ChunkState.Done;
                            return FrameState.Complete;
                        }

                        _trailerLine = 0;
                    }
                    else if (b != (byte)'\r')
                    {
                        _trailerLine++;
                    }

                    i++;
                    break;
                default:
                    return FrameState.Complete;
            }
        }

        return _chunk == ChunkState.Done ? FrameState.Complete : FrameState.NeedMore;
    }

    private void EndOfSizeLine()
    {
        if (_chunkSize == 0)
        {
            _chunk = ChunkState.Trailer;
            _trailerLine = 0;
        }
        else
        {
            _chunk = ChunkState.Data;
        }
    }

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
