using System.Net;
using System.Net.Sockets;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Corpus;

/// <summary>
/// A corpus server started outside the harness, as a user's already-running server is: its own PKI made by
/// <c>pki.sh</c> in a private temp folder (keys 0600, removed on dispose), started by <c>serve.sh</c> on free loopback
/// ports, ready when its TLS port accepts (bounded wait, no fixed sleep).
/// </summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(60);

    private readonly CliProcess _process;

    private RunningServer(string folder, int httpsPort, int httpPort, CliProcess process)
    {
        Folder = folder;
        HttpsPort = httpsPort;
        HttpPort = httpPort;
        _process = process;
    }

    public string Folder { get; }

    public int HttpsPort { get; }

    public int HttpPort { get; }

    public string Output => _process.Stdout + "\n" + _process.Stderr;

    public static async Task<RunningServer> StartAsync(CorpusServer server, CancellationToken ct)
    {
        // mkdtemp underneath: the folder is 0700, and pki.sh writes its keys 0600.
        var folder = Directory.CreateTempSubdirectory("corpus-").FullName;
        try
        {
            var corpus = Path.Combine(RepoPaths.Root, "fixtures", "corpus");
            var (code, _, err) = await CliProcess.RunAsync("/bin/sh", [Path.Combine(corpus, "pki.sh"), folder], TimeSpan.FromSeconds(60), ct);
            Assert.True(code == 0, $"pki.sh failed ({code}): {err}");
            var https = FreePort();
            var http = server.HasHttpPort ? FreePort() : 0;
            var process = CliProcess.StartCommand("/bin/sh", [Path.Combine(corpus, "serve.sh"), server.Name, folder, https.ToString(System.Globalization.CultureInfo.InvariantCulture), http.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            var running = new RunningServer(folder, https, http, process);
            try
            {
                // Readiness only (no verdict rests on it): generous, because under the whole parallel test run a server
                // can take well over its quiet start time.
                await Poll.UntilAsync(() => AcceptsAsync(https, ct), ReadyWithin, ct);
                if (server.HasHttpPort)
                {
                    await Poll.UntilAsync(() => AcceptsAsync(http, ct), ReadyWithin, ct);
                }
            }
            catch (TimeoutException)
            {
                var output = running.Output;
                await running.DisposeAsync();
                Assert.Fail($"{server.Name} did not listen on 127.0.0.1:{https} within {ReadyWithin.TotalSeconds:0} s: {output}");
            }

            return running;
        }
        catch
        {
            // The failed start above has already removed it; a second delete would hide why the start failed.
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            throw;
        }
    }

    /// <summary>The server's endpoint profile, its ports filled in, written next to its PKI (trust paths are relative to it).</summary>
    public async Task<string> WriteProfileAsync(CorpusServer server, CancellationToken ct)
    {
        var template = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "fixtures", "corpus", server.Name, "endpoint.yaml.template"), ct);
        var text = template
            .Replace("{port:https}", HttpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{port:http}", HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var path = Path.Combine(Folder, "endpoint.yaml");
        await File.WriteAllTextAsync(path, text, ct);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
