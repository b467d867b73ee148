using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Conformance.Pki;
using Conformance.Platform;
using Conformance.Tests.Support;

namespace Conformance.Tests.Reference;

/// <summary>
/// <c>--mode upstream</c>, the harness's trust-bundle upstream as a pod: a real reference process, its control API
/// over plain HTTP, and real TLS 1.3 clients on its TLS port.
/// </summary>
public sealed class UpstreamModeTests
{
    private const string ServerName = "data-plane.knative.dev";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Serves_the_chain_set_for_its_own_key_and_records_every_connection()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await Rig.StartAsync(ct);
        await Poll.UntilAsync(() => rig.Server.Stdout.Contains($"listening https={rig.Https} admin={rig.Admin}\n", StringComparison.Ordinal), Budget, "the start line", ct);
        Assert.Equal("ok", await rig.Http.GetStringAsync(new Uri("/healthz", UriKind.Relative), ct));

        var key = await rig.Http.GetFromJsonAsync<JsonElement>(new Uri("/upstream/key", UriKind.Relative), ct);
        var publicKeyPem = key.GetProperty("publicKeyPem").GetString()!;
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", publicKeyPem, StringComparison.Ordinal);
        Assert.EndsWith("-----END PUBLIC KEY-----\n", publicKeyPem, StringComparison.Ordinal);
        using (var parsed = ECDsa.Create())
        {
            parsed.ImportFromPem(publicKeyPem);
            Assert.Equal(256, parsed.KeySize);
        }

        // Before any certificate: the handshake fails and is recorded as such; nothing was presented.
        await Assert.ThrowsAnyAsync<Exception>(() => UpstreamTlsClient.GetAsync(rig.Https, null, ct));
        var none = await Poll.UntilAsync(async () => (await rig.ConnectionsAsync(0, ct)).GetProperty("total").GetInt32() >= 2, Budget, "the failed handshake recorded", ct);
        var before = await rig.ConnectionsAsync(1, ct);
        Assert.Equal(0, before.GetProperty("presented").GetInt32());
        Assert.Equal(2, before.GetProperty("total").GetInt32());
        var failed = Assert.Single(before.GetProperty("connections").EnumerateArray());
        Assert.False(failed.GetProperty("handshake").GetBoolean());
        Assert.Equal("no certificate chosen", failed.GetProperty("error").GetString());
        Assert.Equal(ServerName, failed.GetProperty("serverName").GetString());
        Assert.EndsWith("Z", failed.GetProperty("at").GetString(), StringComparison.Ordinal);

        // A chain issued (root → intermediate → leaf) for the pod's public key: 204, then served with its intermediate.
        using var root = CertificateAuthority.CreateRoot("Upstream Test Root");
        using var intermediate = root.CreateIntermediate("Upstream Test Intermediate");
        using var holder = ECDsa.Create();
        holder.ImportFromPem(publicKeyPem);
        using var issued = intermediate.IssueFor(new LeafSpecBuilder().WithCommonName(ServerName).WithDnsNames(ServerName).Build(), new PublicKey(holder));
        var leaf = issued.Certificate;
        var put = await rig.PutAsync(new { label = "first", marker = "conformance-upstream-abc123", chainPem = PemWriter.CertificatesPem(issued.ServedChain) }, ct);
        Assert.Equal(HttpStatusCode.NoContent, put.Status);

        var from = (await rig.ConnectionsAsync(0, ct)).GetProperty("total").GetInt32();
        var answer = await UpstreamTlsClient.GetAsync(rig.Https, root.Certificate, ct);
        Assert.Equal(SslProtocols.Tls13, answer.Protocol);
        Assert.Equal(leaf.Thumbprint, answer.Leaf);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer.Response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nconformance-upstream-abc123 certificate=first\n", answer.Response, StringComparison.Ordinal);

        var after = await rig.ConnectionsAsync(from, ct);
        Assert.True(after.GetProperty("presented").GetInt32() >= 1);
        Assert.Equal(from + 1, after.GetProperty("total").GetInt32());
        var served = Assert.Single(after.GetProperty("connections").EnumerateArray());
        Assert.True(served.GetProperty("handshake").GetBoolean());
        Assert.Equal(JsonValueKind.Null, served.GetProperty("error").ValueKind);
        Assert.Equal("first", served.GetProperty("label").GetString());
        Assert.Equal(ServerName, served.GetProperty("serverName").GetString());

        // A TLS 1.2 client is refused (TLS 1.3 only), and still recorded, with the label in force.
        await Assert.ThrowsAnyAsync<Exception>(() => UpstreamTlsClient.GetAsync(rig.Https, root.Certificate, ct, SslProtocols.Tls12));
        await Poll.UntilAsync(async () => (await rig.ConnectionsAsync(0, ct)).GetProperty("total").GetInt32() >= from + 2, Budget, "the TLS 1.2 attempt recorded", ct);
        var tls12 = (await rig.ConnectionsAsync(from + 1, ct)).GetProperty("connections")[0];
        Assert.False(tls12.GetProperty("handshake").GetBoolean());
        Assert.Equal("first", tls12.GetProperty("label").GetString());
        Assert.DoesNotContain("PRIVATE", rig.Server.Stdout + rig.Server.Stderr, StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine($"start {rig.Server.StartupTime.TotalMilliseconds:0} ms; failed handshake recorded after {none.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task A_chain_that_is_not_for_its_key_or_not_pem_is_refused_with_400_and_nothing_changes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await Rig.StartAsync(ct);
        using var root = CertificateAuthority.CreateRoot("Upstream Test Root");
        using var other = root.Issue(new LeafSpecBuilder().WithCommonName(ServerName).WithDnsNames(ServerName).Build());

        var wrongKey = await rig.PutAsync(new { label = "other", marker = "m", chainPem = PemWriter.CertificatesPem([other.Certificate]) }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrongKey.Status);
        Assert.Contains("not issued for this upstream's public key", wrongKey.Error, StringComparison.Ordinal);

        var notPem = await rig.PutAsync(new { label = "x", marker = "m", chainPem = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, notPem.Status);
        Assert.Contains("not valid PEM", notPem.Error, StringComparison.Ordinal);

        var empty = await rig.PutAsync(new { label = "x", marker = "m", chainPem = "no pem here" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Contains("no certificate", empty.Error, StringComparison.Ordinal);

        using var notJson = await rig.Http.PutAsync(new Uri("/upstream/certificate", UriKind.Relative), new StringContent("{not json", Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("\"error\":", await notJson.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        // Still no certificate: a handshake fails with "no certificate chosen".
        await Assert.ThrowsAnyAsync<Exception>(() => UpstreamTlsClient.GetAsync(rig.Https, root.Certificate, ct));
        await Poll.UntilAsync(async () => (await rig.ConnectionsAsync(0, ct)).GetProperty("total").GetInt32() >= 2, Budget, "the failed handshake recorded", ct);
        Assert.Equal("no certificate chosen", (await rig.ConnectionsAsync(1, ct)).GetProperty("connections")[0].GetProperty("error").GetString());

        using var unknown = await rig.Http.GetAsync(new Uri("/upstream/nothing", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var wrongMethod = await rig.Http.DeleteAsync(new Uri("/upstream/certificate", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        using var badFrom = await rig.Http.GetAsync(new Uri("/upstream/connections?from=-1", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.BadRequest, badFrom.StatusCode);

        // Stopped as a pod is: SIGTERM, exit 0.
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(0, await rig.Server.TerminateAsync(ct));
        }
    }

    [Theory]
    [InlineData("--cert", "/tmp/x.crt", "--cert is not used in upstream mode")]
    [InlineData("--content-marker", "m", "--content-marker is not used in upstream mode")]
    [InlineData("--no-admin", "", "upstream mode needs --admin PORT")]
    public async Task Bad_upstream_arguments_exit_2_with_one_line(string option, string value, string message)
    {
        string[] args = option == "--no-admin"
            ? ["--mode", "upstream", "--https", $"{PortAllocator.Allocate()}"]
            : ["--mode", "upstream", "--https", $"{PortAllocator.Allocate()}", "--admin", $"{PortAllocator.Allocate()}", option, value];
        var (code, _, stderr) = await ReferenceProcess.RunToExitAsync(args, TestContext.Current.CancellationToken);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_tls_port_already_bound_exits_1()
    {
        var ct = TestContext.Current.CancellationToken;
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (code, _, stderr) = await ReferenceProcess.RunToExitAsync(["--mode", "upstream", "--https", $"{port}", "--admin", $"{PortAllocator.Allocate()}"], ct);
        Assert.Equal(1, code);
        Assert.Contains("cannot start", stderr, StringComparison.Ordinal);
    }

    private sealed class Rig : IAsyncDisposable
    {
        private Rig(ReferenceProcess server, int https, int admin)
        {
            Server = server;
            Https = https;
            Admin = admin;
            Http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{admin}"), Timeout = Budget };
        }

        public ReferenceProcess Server { get; }

        public int Https { get; }

        public int Admin { get; }

        public HttpClient Http { get; }

        public static async Task<Rig> StartAsync(CancellationToken ct)
        {
            var https = PortAllocator.Allocate();
            var admin = PortAllocator.Allocate();
            var server = await ReferenceProcess.StartAsync(["--mode", "upstream", "--https", $"{https}", "--admin", $"{admin}"], [https, admin], ct);
            var rig = new Rig(server, https, admin);
            try
            {
                // The readiness check's TCP connect to the TLS port is a connection too (closed before any ClientHello):
                // record 0, so the tests' own connections start at index 1.
                await Poll.UntilAsync(async () => (await rig.ConnectionsAsync(0, ct)).GetProperty("total").GetInt32() == 1, Budget, "the readiness connection recorded", ct);
            }
            catch
            {
                await rig.DisposeAsync();
                throw;
            }

            return rig;
        }

        public async Task<JsonElement> ConnectionsAsync(int from, CancellationToken ct) =>
            await Http.GetFromJsonAsync<JsonElement>(new Uri($"/upstream/connections?from={from}", UriKind.Relative), ct);

        public async Task<(HttpStatusCode Status, string? Error)> PutAsync(object body, CancellationToken ct)
        {
            using var response = await Http.PutAsJsonAsync(new Uri("/upstream/certificate", UriKind.Relative), body, ct);
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                return (response.StatusCode, null);
            }

            var json = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            return (response.StatusCode, json.GetProperty("error").GetString());
        }

        public ValueTask DisposeAsync()
        {
            Http.Dispose();
            Server.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
