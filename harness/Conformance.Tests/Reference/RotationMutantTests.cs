using System.Diagnostics;
using System.Security.Authentication;
using System.Text;
using Conformance.Pki;
using Conformance.Tests.Support;

namespace Conformance.Tests.Reference;

/// <summary>
/// Hot reload against a plain SslStream client: the conformant reference never drops a request (keep-alive and
/// in-flight requests survive the swap), and each rotation mutant breaks exactly its one promise.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RotationMutantTests(ReferencePki pki)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Conformant_reload_keeps_keep_alive_and_in_flight_requests_and_serves_the_new_pair_to_new_handshakes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var run = await StartAsync(null, ct);
        await using var idle = await TlsConnection.ConnectAsync(run.Port, null, SslProtocols.None, ct);
        Assert.Equal(200, (await RotationClient.KeepAliveAsync(idle, "/first", ct)).Status);
        await using var inFlight = await TlsConnection.ConnectAsync(run.Port, null, SslProtocols.None, ct);
        await WritePartialRequestAsync(inFlight, ct);

        var swapped = Stopwatch.StartNew();
        run.Mount.Swap(File.ReadAllText(pki.SniCert), File.ReadAllText(pki.SniKey));
        await Poll.UntilAsync(async () => await RotationClient.ServedThumbprintAsync(run.Port, null, ct) == pki.SniLeaf.Thumbprint, Budget, "new certificate served", ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"reference hot reload latency: {swapped.ElapsedMilliseconds} ms");
        await Poll.UntilAsync(() => run.Server.Stdout.Contains("certificate reloaded:", StringComparison.Ordinal), Budget, "reload line", ct);

        Assert.Equal(200, (await FinishPartialRequestAsync(inFlight, ct)).Status);
        Assert.Equal(200, (await RotationClient.KeepAliveAsync(idle, "/second", ct)).Status);
        Assert.Equal(pki.DefaultLeaf.Thumbprint, idle.Leaf.Thumbprint);
    }

    [Fact]
    public async Task ResetsConnectionsOnReload_resets_keep_alive_and_in_flight_connections_on_swap()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var run = await StartAsync("ResetsConnectionsOnReload", ct);
        await using var idle = await TlsConnection.ConnectAsync(run.Port, null, SslProtocols.None, ct);
        Assert.Equal(200, (await RotationClient.KeepAliveAsync(idle, "/first", ct)).Status);
        await using var inFlight = await TlsConnection.ConnectAsync(run.Port, null, SslProtocols.None, ct);
        await WritePartialRequestAsync(inFlight, ct);

        run.Mount.Swap(File.ReadAllText(pki.SniCert), File.ReadAllText(pki.SniKey));
        await Poll.UntilAsync(() => run.Server.Stdout.Contains("certificate reloaded:", StringComparison.Ordinal), Budget, "reload line", ct);

        var idleError = await Assert.ThrowsAnyAsync<Exception>(() => RotationClient.KeepAliveAsync(idle, "/second", ct));
        var inFlightError = await Assert.ThrowsAnyAsync<Exception>(() => FinishPartialRequestAsync(inFlight, ct));
        Assert.True(RotationClient.IsReset(idleError), $"keep-alive connection: expected a reset, got {idleError}");
        Assert.True(RotationClient.IsReset(inFlightError), $"in-flight request: expected a reset, got {inFlightError}");
        Assert.Equal(pki.SniLeaf.Thumbprint, await RotationClient.ServedThumbprintAsync(run.Port, null, ct));
    }

    [Fact]
    public async Task SlowReload_still_serves_the_old_certificate_2s_after_the_swap_and_switches_only_after_15s()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var run = await StartAsync("SlowReload", ct);

        var swapped = Stopwatch.StartNew();
        run.Mount.Swap(File.ReadAllText(pki.SniCert), File.ReadAllText(pki.SniKey));
        while (swapped.Elapsed < TimeSpan.FromSeconds(2))
        {
            Assert.Equal(pki.DefaultLeaf.Thumbprint, await RotationClient.ServedThumbprintAsync(run.Port, null, ct));
        }

        await Poll.UntilAsync(async () => await RotationClient.ServedThumbprintAsync(run.Port, null, ct) == pki.SniLeaf.Thumbprint, TimeSpan.FromSeconds(30), "new certificate served at last", ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"SlowReload latency: {swapped.ElapsedMilliseconds} ms");
        Assert.InRange(swapped.Elapsed, TimeSpan.FromSeconds(14.5), TimeSpan.FromSeconds(30));
        Assert.Contains("certificate reloaded:", run.Server.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeverReloads_keeps_serving_the_first_pair_and_logs_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var run = await StartAsync("NeverReloads", ct);

        var swapped = Stopwatch.StartNew();
        run.Mount.Swap(File.ReadAllText(pki.SniCert), File.ReadAllText(pki.SniKey));
        // The conformant reference switches within 20-30 ms; 3 s of handshakes all getting the old leaf is "never".
        while (swapped.Elapsed < TimeSpan.FromSeconds(3))
        {
            Assert.Equal(pki.DefaultLeaf.Thumbprint, await RotationClient.ServedThumbprintAsync(run.Port, null, ct));
        }

        Assert.DoesNotContain("certificate reloaded", run.Server.Stdout, StringComparison.Ordinal);
        Assert.Empty(run.Server.Stderr);
        Assert.False(run.Server.HasExited);
    }

    /// <summary>Request line and one header, without the blank line that ends the head: the request is in flight.</summary>
    private static async Task WritePartialRequestAsync(TlsConnection connection, CancellationToken ct)
    {
        await connection.Stream.WriteAsync(Encoding.ASCII.GetBytes("GET /in-flight HTTP/1.1\r\nHost: localhost\r\n"), ct);
        await connection.Stream.FlushAsync(ct);
    }

    private static Task<RawResponse> FinishPartialRequestAsync(TlsConnection connection, CancellationToken ct) =>
        RawHttp.ExchangeAsync(connection.Stream, "X-Rotation: in-flight\r\n\r\n", head: false, ct);

    private async Task<Run> StartAsync(string? mutant, CancellationToken ct)
    {
        var workspace = RunWorkspace.Create("conformance-rotation-");
        var mount = new KubeletSecretDir(workspace.File("mount"), File.ReadAllText(pki.Cert), File.ReadAllText(pki.Key));
        var ports = new ReferenceServerArgs();
        List<string> args = ["--https", $"{ports.Https}", "--cert", mount.Cert, "--key", mount.Key];
        if (mutant is not null)
        {
            args.AddRange(["--mutant", mutant]);
        }

        var server = await ReferenceProcess.StartAsync(args, [ports.Https], ct);
        Assert.Equal(pki.DefaultLeaf.Thumbprint, await RotationClient.ServedThumbprintAsync(ports.Https, null, ct));
        return new Run(workspace, mount, server, ports.Https);
    }

    private sealed record Run(RunWorkspace Workspace, KubeletSecretDir Mount, ReferenceProcess Server, int Port) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            Server.Dispose();
            Workspace.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
