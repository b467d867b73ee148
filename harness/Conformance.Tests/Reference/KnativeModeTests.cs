using System.Security.Authentication;
using System.Text.Json;
using Conformance.Pki;
using Conformance.Platform;
using Conformance.Tests.Support;

namespace Conformance.Tests.Reference;

/// <summary>
/// Knative mode plays queue-proxy: JSON lines with severity/timestamp/logger/caller/message, the start lines naming
/// the ports actually listened on, the reload line on every load (first included) written only once the new pair is
/// served, TLS 1.3 only, and a pair that fails to parse refused at error level with the old one kept.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KnativeModeTests(ReferencePki pki)
{
    private const string Reload = "Certificate and/or key have changed on disk and were reloaded.";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Start_lines_are_queue_proxy_json_naming_the_real_ports_and_only_tls13_is_served()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        var admin = PortAllocator.Allocate();
        using var server = await ReferenceProcess.StartAsync(
            ["--mode", "knative", "--https", $"{ports.Https}", "--admin", $"{admin}", "--cert", pki.Cert, "--key", pki.Key], [ports.Https, admin], ct);
        await Poll.UntilAsync(() => Lines(server).Count >= 4, Budget, "four start lines", ct);

        var lines = Lines(server);
        Assert.All(lines, l => Assert.Equal(["severity", "timestamp", "logger", "caller", "message"], l.Keys));
        Assert.StartsWith("Starting to watch the following directories for changes{certDir ", lines[0]["message"], StringComparison.Ordinal);
        Assert.Equal([Reload, $"Starting tls server admin:{admin}", $"Starting tls server main:{ports.Https}"], lines.Skip(1).Take(3).Select(l => l["message"]));
        Assert.All(lines, l => Assert.Equal("INFO", l["severity"]));

        await using var tls = await TlsConnection.ConnectAsync(ports.Https, null, SslProtocols.None, ct);
        Assert.Equal(SslProtocols.Tls13, tls.Stream.SslProtocol);
        await Assert.ThrowsAnyAsync<Exception>(async () => await TlsConnection.ConnectAsync(ports.Https, null, SslProtocols.Tls12, ct));
    }

    [Fact]
    public async Task A_swap_logs_one_reload_line_after_the_new_pair_is_served_and_a_bad_pair_one_error()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = RunWorkspace.Create("conformance-knative-");
        var mount = new KubeletSecretDir(workspace.File("mount"), File.ReadAllText(pki.Cert), File.ReadAllText(pki.Key));
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(["--mode", "knative", "--https", $"{ports.Https}", "--cert", mount.Cert, "--key", mount.Key], [ports.Https], ct);
        await Poll.UntilAsync(() => Lines(server).Count >= 3, Budget, "start lines", ct);

        mount.Swap(File.ReadAllText(pki.SniCert), File.ReadAllText(pki.SniKey));
        await Poll.UntilAsync(() => Lines(server).Count(l => l["message"] == Reload) == 2, Budget, "the second reload line", ct);
        // Written after the swap of the served pair: a handshake begun now gets the new leaf.
        await using (var tls = await TlsConnection.ConnectAsync(ports.Https, null, SslProtocols.None, ct))
        {
            Assert.Equal(pki.SniLeaf.Thumbprint, tls.Leaf.Thumbprint);
        }

        mount.Swap("-----BEGIN CERTIFICATE-----\ncorrupt!\n-----END CERTIFICATE-----\n", File.ReadAllText(pki.SniKey));
        await Poll.UntilAsync(() => Lines(server).Any(l => l["severity"] == "ERROR"), Budget, "an error line", ct);

        var error = Assert.Single(Lines(server), l => l["severity"] == "ERROR");
        Assert.Contains("keeping the previous pair", error["message"], StringComparison.Ordinal);
        Assert.Equal(2, Lines(server).Count(l => l["message"] == Reload));
        await using var after = await TlsConnection.ConnectAsync(ports.Https, null, SslProtocols.None, ct);
        Assert.Equal(pki.SniLeaf.Thumbprint, after.Leaf.Thumbprint);
    }

    [Theory]
    [InlineData("--admin", "only in knative mode")]
    [InlineData("--mutant", "needs --mode knative")]
    public async Task Knative_options_outside_knative_mode_are_refused(string option, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        string[] extra = option == "--admin" ? ["--admin", $"{PortAllocator.Allocate()}"] : ["--mutant", "KeyInLog"];

        var (code, _, stderr) = await ReferenceProcess.RunToExitAsync([.. ports.HttpsOnly(pki), .. extra], ct);

        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    private static List<Dictionary<string, string>> Lines(ReferenceProcess server) =>
        [.. server.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => JsonSerializer.Deserialize<Dictionary<string, string>>(l)!)];
}
