using System.Diagnostics;
using System.Text;

namespace Conformance.Suites.Tests.Support;

/// <summary>
/// Debian's headless Chromium (<c>apt-get install chromium</c>), driven through its command line: a screenshot or the
/// DOM after rendering. Every call is bounded; on timeout the whole process tree is killed.
/// </summary>
internal sealed class Chromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    private Chromium(string executable) => Executable = executable;

    public string Executable { get; }

    /// <summary>The installed Chromium, or null if there is none (tests skip).</summary>
    public static Chromium? Find()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { Path.Combine(dir, "chromium"), Path.Combine(dir, "chromium-browser") });
        return Candidates.Concat(onPath).FirstOrDefault(File.Exists) is { } path ? new Chromium(path) : null;
    }

    /// <summary>Renders <paramref name="htmlFile"/> and writes a PNG screenshot of the viewport to <paramref name="pngFile"/>.</summary>
    public async Task<Result> ScreenshotAsync(string htmlFile, string pngFile, int width, int height, TimeSpan timeout, CancellationToken ct) =>
        await RunAsync([$"--screenshot={pngFile}", $"--window-size={width},{height}", "--hide-scrollbars", Url(htmlFile)], timeout, ct);

    /// <summary>Renders <paramref name="htmlFile"/> and returns the serialized DOM (standard output) after layout.</summary>
    public async Task<Result> DumpDomAsync(string htmlFile, TimeSpan timeout, CancellationToken ct) =>
        await RunAsync(["--dump-dom", Url(htmlFile)], timeout, ct);

    /// <summary>Like <see cref="DumpDomAsync(string, TimeSpan, CancellationToken)"/> with <paramref name="query"/> (e.g. <c>?filter=failures</c>) appended to the file URL.</summary>
    public async Task<Result> DumpDomAsync(string htmlFile, string query, TimeSpan timeout, CancellationToken ct) =>
        await RunAsync(["--dump-dom", Url(htmlFile) + query], timeout, ct);

    private static string Url(string file) => new Uri(Path.GetFullPath(file)).AbsoluteUri;

    private async Task<Result> RunAsync(IEnumerable<string> arguments, TimeSpan timeout, CancellationToken ct)
    {
        // A fresh profile per call: no state shared between tests, nothing left in the user's home.
        var profile = Directory.CreateTempSubdirectory("conformance-chromium-");
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio",
            $"--user-data-dir={profile.FullName}",
        }.Concat(arguments))
        {
            start.ArgumentList.Add(arg);
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        var clock = Stopwatch.StartNew();
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                ct.ThrowIfCancellationRequested();
                throw new TimeoutException($"{Executable} did not finish within {timeout.TotalSeconds:0} s and was killed; stderr: {Tail(stderr)}");
            }

            // WaitForExitAsync returns after the redirected streams reached end of file, so the output is complete.
            return new Result(process.ExitCode, Locked(stdout), Locked(stderr), clock.Elapsed);
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Chromium's helpers may still hold a file for a moment; a leftover temp folder is harmless.
            }
        }
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.Append(line).Append('\n');
        }
    }

    private static string Locked(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }

    private static string Tail(StringBuilder builder)
    {
        var text = Locked(builder);
        return text.Length <= 2000 ? text : text[^2000..];
    }

    /// <summary>What one Chromium invocation produced.</summary>
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed);
}
