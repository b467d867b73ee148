using System.Text;

namespace Conformance.Logs;

/// <summary>
/// Tails a log file the implementation writes (nginx's error.log): polls every <see cref="Interval"/>, reads what was
/// appended since the last poll, and stamps each complete line with the time the poll saw it — so "after the change"
/// is decidable to within one interval. The file may not exist yet (it is created at start); a file that shrinks was
/// truncated or replaced, and is read again from its beginning. Each poll reads a bounded amount.
/// </summary>
public sealed class FileLogSource : ILogSource
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);
    private const int MaxReadPerPoll = 1 << 20;
    private const int MaxLineLength = 64 * 1024;
    private readonly Lock _gate = new();
    private readonly List<LogLine> _lines = [];
    private readonly StringBuilder _partial = new();
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _stream;
    private Task _loop = Task.CompletedTask;
    private long _offset;
    private Decoder _decoder = Encoding.UTF8.GetDecoder();

    public FileLogSource(string path, TimeProvider time, TimeSpan? interval = null)
    {
        Path = path;
        _time = time;
        Interval = interval ?? DefaultInterval;
        _stream = System.IO.Path.GetFileName(path);
    }

    public string Path { get; }

    public TimeSpan Interval { get; }

    public string Name => $"file {Path}";

    public IReadOnlyList<LogLine> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Starts polling in the background until disposed.</summary>
    public FileLogSource Start()
    {
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        return this;
    }

    /// <summary>Reads whatever was appended since the last poll; returns how many complete lines arrived.</summary>
    public int Poll()
    {
        lock (_gate)
        {
            FileStream stream;
            try
            {
                stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not there yet (or not readable yet): the next poll tries again.
                return 0;
            }

            using (stream)
            {
                if (stream.Length < _offset)
                {
                    _offset = 0;
                    _partial.Clear();
                    _decoder = Encoding.UTF8.GetDecoder();
                }

                stream.Position = _offset;
                var buffer = new byte[(int)Math.Min(MaxReadPerPoll, Math.Max(0, stream.Length - _offset))];
                var read = 0;
                while (read < buffer.Length && stream.Read(buffer, read, buffer.Length - read) is var n && n > 0)
                {
                    read += n;
                }

                _offset += read;
                var chars = new char[_decoder.GetCharCount(buffer, 0, read)];
                _decoder.GetChars(buffer, 0, read, chars, 0);
                var now = _time.GetUtcNow();
                var added = 0;
                foreach (var c in chars)
                {
                    if (c == '\n')
                    {
                        var text = _partial.ToString().TrimEnd('\r');
                        _partial.Clear();
                        _lines.Add(new LogLine(now, _stream, text));
                        added++;
                    }
                    else if (_partial.Length < MaxLineLength)
                    {
                        _partial.Append(c);
                    }
                }

                return added;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping is the point.
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval, _time);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            Poll();
        }
    }
}
