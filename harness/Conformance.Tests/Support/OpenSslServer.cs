using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Conformance.Tests.Support;

/// <summary>
/// <c>openssl s_server -www</c> on 127.0.0.1 with a port the kernel picks (read from its "ACCEPT" line): an OpenSSL TLS
/// server no one here wrote. Disposing kills the process it started.
/// </summary>
public sealed partial class OpenSslServer : IAsyncDisposable
{
    private readonly Process _process;

    private OpenSslServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static bool Available => File.Exists("/usr/bin/openssl");

    /// <summary>Starts <c>openssl s_server -accept 127.0.0.1:0 -www</c> with <paramref name="arguments"/> and waits for its port.</summary>
    public static async Task<OpenSslServer> StartAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[] { "s_server", "-accept", "127.0.0.1:0", "-www" }.Concat(arguments))
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("openssl did not start");
        _ = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                if (AcceptLine().Match(line) is { Success: true } m)
                {
                    // Keep draining stdout so s_server never blocks on a full pipe.
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    return new OpenSslServer(process, int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }

        process.Kill();
        process.Dispose();
        throw new InvalidOperationException("openssl s_server exited before listening");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"^ACCEPT 127\.0\.0\.1:(\d+)")]
    private static partial Regex AcceptLine();
}
