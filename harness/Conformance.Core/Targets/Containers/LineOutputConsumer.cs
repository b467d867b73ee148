using DotNet.Testcontainers.Configurations;

namespace Conformance.Targets.Containers;

/// <summary>
/// Receives the container's stdout and stderr from Testcontainers (attached before each start) and hands every
/// complete line to <paramref name="onLine"/> with its source, as soon as it arrives.
/// </summary>
internal sealed class LineOutputConsumer(Action<string, string> onLine) : IOutputConsumer
{
    public bool Enabled => true;

    public Stream Stdout { get; } = new LineStream(line => onLine("stdout", line));

    public Stream Stderr { get; } = new LineStream(line => onLine("stderr", line));

    public void Dispose()
    {
        // The streams outlive a stop: the next start attaches to them again.
    }

    /// <summary>A write-only stream that splits UTF-8 bytes into lines (LF, an optional CR before it removed).</summary>
    private sealed class LineStream(Action<string> onLine) : Stream
    {
        private readonly Lock _gate = new();
        private readonly MemoryStream _pending = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_gate)
            {
                while (buffer.Length > 0)
                {
                    var newline = buffer.IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        _pending.Write(buffer);
                        return;
                    }

                    _pending.Write(buffer[..newline]);
                    buffer = buffer[(newline + 1)..];
                    var text = System.Text.Encoding.UTF8.GetString(_pending.GetBuffer(), 0, (int)_pending.Length).TrimEnd('\r');
                    _pending.SetLength(0);
                    onLine(text);
                }
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            // Kept usable: Testcontainers may dispose the consumer between a stop and the next start.
        }
    }
}
