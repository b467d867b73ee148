namespace Conformance.Load;

/// <summary>
/// Append-only storage for <see cref="RequestRecord"/>s in 64 Ki-record chunks: a writer owns its slot (reserved
/// with <see cref="Interlocked"/>), so writes need no lock, and a chunk is allocated once per 65,536 requests.
/// </summary>
internal sealed class RecordBuffer
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;
    private readonly RequestRecord[]?[] _chunks;

    public RecordBuffer(long capacity)
    {
        Capacity = Math.Clamp(capacity, 0, (long)int.MaxValue);
        _chunks = new RequestRecord[]?[(int)((Capacity + ChunkSize - 1) >> ChunkBits)];
        if (_chunks.Length > 0)
        {
            _chunks[0] = new RequestRecord[(int)Math.Min(Capacity, ChunkSize)];
        }
    }

    /// <summary>The most records this buffer holds (MaxRequests, at most <see cref="int.MaxValue"/>).</summary>
    public long Capacity { get; }

    public void Write(long index, in RequestRecord record)
    {
        var c = (int)(index >> ChunkBits);
        var chunk = Volatile.Read(ref _chunks[c]) ?? Allocate(c);
        chunk[index & ChunkMask] = record;
    }

    /// <summary>The first <paramref name="count"/> records, in slot order, as one array.</summary>
    public RequestRecord[] ToArray(long count)
    {
        var result = new RequestRecord[count];
        for (long copied = 0; copied < count;)
        {
            var c = (int)(copied >> ChunkBits);
            var n = (int)Math.Min(ChunkSize, count - copied);
            Array.Copy(_chunks[c]!, 0, result, copied, n);
            copied += n;
        }

        return result;
    }

    private RequestRecord[] Allocate(int c)
    {
        var size = (int)Math.Min(ChunkSize, Capacity - ((long)c << ChunkBits));
        return Interlocked.CompareExchange(ref _chunks[c], new RequestRecord[size], null) ?? _chunks[c]!;
    }
}
