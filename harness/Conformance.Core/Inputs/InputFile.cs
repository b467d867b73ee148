using System.Text;

namespace Conformance.Inputs;

/// <summary>
/// Reads an input the user named — a profile, a log catalog, a trust file, a template, a results.json — once, only
/// if it is a regular file (or <c>-</c>/<c>/dev/stdin</c>: standard input, read once), and only up to a bound, so
/// <c>/dev/zero</c>, a FIFO or a huge file is one clear error instead of a hang or an out-of-memory. The file type is
/// checked before opening: opening a FIFO blocks until something writes to it.
/// </summary>
public static class InputFile
{
    /// <summary>1 MiB: profiles, log catalogs, trust files, templates and manifests a profile names.</summary>
    public const int ProfileBound = 1 << 20;

    /// <summary>64 MiB: a results.json read by <c>report render</c> and <c>report diff</c> (10,000 scenarios with evidence fit in far less).</summary>
    public const int ResultsBound = 64 << 20;

    private static string? _stdin;

    /// <summary>True for the names that mean standard input: <c>-</c>, <c>/dev/stdin</c>, <c>/dev/fd/0</c>, <c>/proc/self/fd/0</c>.</summary>
    public static bool IsStandardInput(string path) => path is "-" or "/dev/stdin" or "/dev/fd/0" or "/proc/self/fd/0";

    /// <summary>Words for a bound, e.g. "1 MiB".</summary>
    public static string DescribeBound(int bound) => bound % (1 << 20) == 0 ? $"{bound >> 20} MiB" : $"{bound} bytes";

    /// <summary>
    /// The text of <paramref name="path"/> (UTF-8). Throws <see cref="InputFileException"/> with one line when it is
    /// missing, a directory, a device, a FIFO or a socket, unreadable, or larger than <paramref name="bound"/> bytes;
    /// <paramref name="what"/> names the input in that line ("a profile").
    /// </summary>
    public static string ReadText(string path, int bound, string what, CancellationToken cancellationToken = default) =>
        ReadTextAsync(path, bound, what, cancellationToken).GetAwaiter().GetResult();

    /// <inheritdoc cref="ReadText"/>
    public static async Task<string> ReadTextAsync(string path, int bound, string what, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (IsStandardInput(path))
        {
            return await ReadStandardInputAsync(path, bound, what, cancellationToken);
        }

        var kind = FileKinds.Of(path);
        switch (kind)
        {
            case FileKind.Regular:
                break;
            case FileKind.Missing:
                throw new InputFileException(path, "file not found");
            case FileKind.Directory:
                throw new InputFileException(path, $"is a directory, not a file ({what} is a file)");
            case FileKind.Inaccessible:
                throw new InputFileException(path, "cannot be reached (permission denied on it or a folder above it)");
            case FileKind.Fifo when what is "a profile" or "a results.json":
                throw new InputFileException(path, $"is {FileKinds.Describe(kind)}, not a regular file; to pipe {what}, give '-' and send it on standard input");
            default:
                throw new InputFileException(path, $"is {FileKinds.Describe(kind)}, not a regular file");
        }

        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 16 * 1024, FileOptions.Asynchronous);
            if (stream.Length > bound)
            {
                throw TooLarge(path, bound, what);
            }

            return await ReadBoundedAsync(stream, path, bound, what, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputFileException(path, "file not found");
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputFileException(path, "permission denied");
        }
        catch (IOException e)
        {
            throw new InputFileException(path, $"cannot read it: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static async Task<string> ReadStandardInputAsync(string path, int bound, string what, CancellationToken cancellationToken)
    {
        // Read once per process: a second reader (a second look for a line number, say) gets the same text, not an empty pipe.
        if (Volatile.Read(ref _stdin) is { } cached)
        {
            return cached.Length > bound ? throw TooLarge(path, bound, what) : cached;
        }

        // Console streams read synchronously even through ReadAsync: each read runs on a pool thread so a signal's
        // cancellation returns control at once (the abandoned read ends with the process).
        var stream = new ThreadedReadStream(Console.OpenStandardInput());
        var text = await ReadBoundedAsync(stream, path, bound, what, cancellationToken);
        Volatile.Write(ref _stdin, text);
        return text;
    }

    private static async Task<string> ReadBoundedAsync(Stream stream, string path, int bound, string what, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (true)
        {
            // WaitAsync: a read of a pipe or terminal may not observe the token itself; the caller still gets control back.
            var read = await stream.ReadAsync(chunk, cancellationToken).AsTask().WaitAsync(cancellationToken);
            if (read == 0)
            {
                break;
            }

            if (buffer.Length + read > bound)
            {
                throw TooLarge(path, bound, what);
            }

            buffer.Write(chunk, 0, read);
        }

        return new UTF8Encoding(false).GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
    }

    private static InputFileException TooLarge(string path, int bound, string what) =>
        new(path, $"is larger than {DescribeBound(bound)}, the bound for {what}");
}
