using System.Diagnostics;
using System.Net.Sockets;
using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Platform;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Adapter;

/// <summary>
/// Mutual-TLS servers no one here wrote — Debian's nginx and OpenSSL's s_server — with their OWN server and client PKI
/// (made with the openssl command line, not the harness), judged as <c>endpoint</c> targets: the profile names the
/// client identity the server trusts (<c>client:</c>). Verifying: MT-01..05 pass, each naming its cause or control.
/// Certificates requested but not verified: MT-02..04 fail. nginx's <c>optional_no_ca</c> skips only the issuer check
/// (measured: expired and serverAuth-only certificates still get HTTP 400), so there exactly MT-02 fails.
/// </summary>
public sealed class OwnPkiServerTests : IDisposable
{
    private const string Verified = "ssl_verify_client on;";

    // A real operator's mistake: certificates requested, never verified, and only their absence refused.
    private const string Unverified = "ssl_verify_client optional_no_ca;";
    private const string RefuseOnlyMissing = "if ($ssl_client_verify = NONE) { return 400 \"client certificate required\\n\"; }";

    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-own-pki-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Verifying_nginx_with_its_own_client_ca_passes_mt01_to_mt05_with_cause_or_control_named()
    {
        var run = await RunAsync(Verified, string.Empty, withClient: true);
        var report = ProfileRuns.Describe(run);

        Assert.All(run.Scenarios, s => Assert.True(s.Verdict == VerdictKind.Pass, report));
        Assert.Contains("CertificateRequest", Reason(run, "MT-01"), StringComparison.Ordinal);
        foreach (var id in new[] { "MT-02", "MT-03", "MT-04" })
        {
            var reason = Reason(run, id);
            Assert.True(reason.Contains("control: the valid client certificate (endpoints.https.client.cert) was served HTTP 200", StringComparison.Ordinal) || reason.Contains("refused with alert", StringComparison.Ordinal), reason);
        }

        Assert.Contains("endpoints.https.client.cert): served HTTP 200", Reason(run, "MT-05"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nginx_optional_no_ca_that_refuses_only_a_missing_certificate_fails_exactly_mt02()
    {
        var run = await RunAsync(Unverified, RefuseOnlyMissing, withClient: true);
        var report = ProfileRuns.Describe(run);

        Assert.True(Verdict(run, "MT-02") == VerdictKind.Fail, report);
        Assert.Contains("the request was served", Reason(run, "MT-02"), StringComparison.Ordinal);
        Assert.All(run.Scenarios.Where(s => s.Id != "MT-02"), s => Assert.True(s.Verdict == VerdictKind.Pass, report));
    }

    [Fact]
    public async Task OpenSsl_server_that_verifies_its_own_client_ca_passes_mt01_to_mt05_on_the_alerts_it_sends()
    {
        var run = await RunOpenSslAsync(verify: true);
        var report = ProfileRuns.Describe(run);

        Assert.All(run.Scenarios, s => Assert.True(s.Verdict == VerdictKind.Pass, report));
        Assert.Contains("refused with alert certificate_required (116)", Reason(run, "MT-01"), StringComparison.Ordinal);
        Assert.Contains("refused with alert unknown_ca (48)", Reason(run, "MT-02"), StringComparison.Ordinal);
        Assert.Contains("refused with alert certificate_expired (45)", Reason(run, "MT-03"), StringComparison.Ordinal);
        Assert.Contains("refused with alert unsupported_certificate (43)", Reason(run, "MT-04"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSsl_server_that_requires_but_does_not_verify_client_certificates_fails_mt02_to_mt04()
    {
        var run = await RunOpenSslAsync(verify: false);
        var report = ProfileRuns.Describe(run);

        Assert.True(Verdict(run, "MT-01") == VerdictKind.Pass, report);
        Assert.True(Verdict(run, "MT-05") == VerdictKind.Pass, report);
        foreach (var id in new[] { "MT-02", "MT-03", "MT-04" })
        {
            Assert.True(Verdict(run, id) == VerdictKind.Fail, report);
            Assert.Contains("the request was served", Reason(run, id), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_a_client_identity_no_harness_ca_certificate_is_presented_as_valid()
    {
        // The old false fail: MT-05 presented a harness-CA certificate to a server with its own client CA and reported
        // the server's correct refusal as a failure; MT-03/MT-04 passed on unknown_ca alone.
        var run = await RunAsync(Verified, string.Empty, withClient: false);
        var report = ProfileRuns.Describe(run);

        Assert.DoesNotContain(run.Scenarios, s => s.Verdict == VerdictKind.Fail);
        Assert.True(Verdict(run, "MT-01") == VerdictKind.Pass, report);
        Assert.True(Verdict(run, "MT-05") == VerdictKind.NotApplicable, report);
        Assert.Contains("client.cert", Reason(run, "MT-05"), StringComparison.Ordinal);
        foreach (var id in new[] { "MT-03", "MT-04" })
        {
            Assert.True(Verdict(run, id) == VerdictKind.NotApplicable, report);
            Assert.Contains("client.caKey", Reason(run, id), StringComparison.Ordinal);
        }

        // Refused with HTTP 400 and no alert, and no valid identity to serve as control: nothing proves the cause.
        Assert.True(Verdict(run, "MT-02") == VerdictKind.Error, report);
        Assert.Contains("control not served", Reason(run, "MT-02"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoint_profile_with_its_own_trust_and_client_needs_no_harness_ca()
    {
        Assert.SkipUnless(OpenSslPki.Available, "openssl is not installed");
        await OpenSslPki.CreateAsync(_dir.Path, TestContext.Current.CancellationToken);
        var profile = ProfileLoader.Load(await WriteProfileAsync(PortAllocator.Allocate(), withClient: true));

        await using var env = RunEnvironment.Prepare(profile, TimeProvider.System);

        Assert.Null(env.Pki);
        var set = env.ClientCertificates["https"];
        Assert.NotNull(set.Valid);
        var valid = set.Valid.Certificate;
        foreach (var variant in new[] { set.Expired!.Certificate, set.ServerAuthOnly!.Certificate, set.UntrustedCa.Certificate })
        {
            // Same subject and key as the valid one; one property changed.
            Assert.Equal(valid.Subject, variant.Subject);
            Assert.Equal(valid.PublicKey.EncodedKeyValue.RawData, variant.PublicKey.EncodedKeyValue.RawData);
        }

        Assert.True(set.Expired.Certificate.NotAfter.ToUniversalTime() < DateTime.UtcNow);
        Assert.Equal(valid.Issuer, set.Expired.Certificate.Issuer);
        Assert.Equal(valid.Issuer, set.ServerAuthOnly.Certificate.Issuer);
        Assert.NotEqual(valid.Issuer, set.UntrustedCa.Certificate.Issuer);
    }

    [Fact]
    public async Task Profiles_validate_lists_the_mt_scenarios_the_client_identity_enables()
    {
        Assert.SkipUnless(OpenSslPki.Available, "openssl is not installed");
        var ct = TestContext.Current.CancellationToken;
        await OpenSslPki.CreateAsync(_dir.Path, ct);
        var path = await WriteProfileAsync(PortAllocator.Allocate(), "cert: client.pem, key: client.key");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await Conformance.Cli.ConformanceApp.RunAsync(["profiles", "validate", path], output, error, ct);

        Assert.Equal(0, code);
        var text = output.ToString();
        Assert.Contains("MT-01 enabled", text, StringComparison.Ordinal);
        Assert.Contains("MT-02 enabled", text, StringComparison.Ordinal);
        Assert.Contains("MT-05 enabled", text, StringComparison.Ordinal);
        Assert.Contains("MT-03 not applicable: no client.caKey", text, StringComparison.Ordinal);
        Assert.Contains("MT-04 not applicable: no client.caKey", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profiles_validate_rejects_a_client_key_that_does_not_match_with_one_line_and_exit_2()
    {
        Assert.SkipUnless(OpenSslPki.Available, "openssl is not installed");
        var ct = TestContext.Current.CancellationToken;
        await OpenSslPki.CreateAsync(_dir.Path, ct);
        var path = await WriteProfileAsync(PortAllocator.Allocate(), "cert: client.pem, key: server.key");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await Conformance.Cli.ConformanceApp.RunAsync(["profiles", "validate", path], output, error, ct);

        Assert.Equal(2, code);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("own-pki.yaml:11:", line, StringComparison.Ordinal);
        Assert.Contains("endpoints.https.client.key", line, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", line, StringComparison.Ordinal);
    }

    private static VerdictKind Verdict(RunResult run, string id) => run.Scenarios.Single(s => s.Id == id).Verdict;

    private static string Reason(RunResult run, string id) => run.Scenarios.Single(s => s.Id == id).Reason ?? string.Empty;

    private async Task<RunResult> RunAsync(string verify, string check, bool withClient)
    {
        Assert.SkipUnless(File.Exists("/usr/sbin/nginx"), "nginx is not installed (apt-get install nginx-light)");
        Assert.SkipUnless(OpenSslPki.Available, "openssl is not installed");
        await OpenSslPki.CreateAsync(_dir.Path, TestContext.Current.CancellationToken);
        var port = PortAllocator.Allocate();
        var conf = _dir.File("nginx.conf");
        await File.WriteAllTextAsync(conf, NginxConf(port, verify, check), TestContext.Current.CancellationToken);
        return await RunAgainstAsync(
            $"nginx {verify} {check}", port, withClient, "/usr/sbin/nginx", ["-p", _dir.Path, "-e", "stderr", "-c", conf, "-g", "daemon off;"]);
    }

    /// <summary>
    /// OpenSSL's s_server: <c>-Verify 1</c> requires a client certificate; without <c>-verify_return_error</c> it
    /// carries on whatever the verification found (requested, required, never verified).
    /// </summary>
    private async Task<RunResult> RunOpenSslAsync(bool verify)
    {
        Assert.SkipUnless(OpenSslPki.Available, "openssl is not installed");
        await OpenSslPki.CreateAsync(_dir.Path, TestContext.Current.CancellationToken);
        var port = PortAllocator.Allocate();
        string[] args =
        [
            "s_server", "-accept", $"127.0.0.1:{port}", "-www", "-cert", _dir.File("server.pem"), "-key", _dir.File("server.key"),
            "-CAfile", _dir.File("client-ca.pem"), "-Verify", "1", .. verify ? new[] { "-verify_return_error" } : [],
        ];
        return await RunAgainstAsync($"openssl s_server -Verify 1{(verify ? " -verify_return_error" : string.Empty)}", port, withClient: true, "/usr/bin/openssl", args);
    }

    private async Task<RunResult> RunAgainstAsync(string name, int port, bool withClient, string command, string[] args)
    {
        var ct = TestContext.Current.CancellationToken;
        using var server = Start(command, args);
        // Drained from the start so nginx never blocks on a full pipe; read in full only once it has exited.
        var stderr = server.StandardError.ReadToEndAsync(CancellationToken.None);
        _ = server.StandardOutput.ReadToEndAsync(CancellationToken.None);
        try
        {
            await Poll.UntilAsync(async () => server.HasExited || await ListeningAsync(port, ct), TimeSpan.FromSeconds(10), ct);
            if (server.HasExited)
            {
                Assert.Fail($"{name} exited with {server.ExitCode}: {await stderr}");
            }

            var profile = ProfileLoader.Load(await WriteProfileAsync(port, withClient));
            var run = await new ScenarioRunner(TimeProvider.System).RunAsync(
                profile, [.. Catalog.All.Where(s => s.Info.Suite == "mtls")], new RunOptions { Seed = 16 }, null, ct);
            TestContext.Current.TestOutputHelper?.WriteLine($"{name}{Environment.NewLine}{ProfileRuns.Describe(run)}");
            return run;
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    private Task<string> WriteProfileAsync(int port, bool withClient) =>
        WriteProfileAsync(port, withClient ? "cert: client.pem, key: client.key, ca: client-ca.pem, caKey: client-ca.key" : null);

    private async Task<string> WriteProfileAsync(int port, string? clientKeys)
    {
        var client = clientKeys is null ? string.Empty : $"    client: {{ {clientKeys} }}\n";
        var path = _dir.File("own-pki.yaml");
        // The plaintext endpoint keeps its default {pki:ca} trust: it must not make the harness issue a PKI.
        await File.WriteAllTextAsync(path, $"""
            apiVersion: conformance/v1
            name: nginx-own-pki
            target: {"{"} kind: endpoint {"}"}
            endpoints:
              https:
                port: "{port}"
                serverName: localhost
                trust: server-ca.pem
                clientAuth: required
                rejectAs: [handshake-alert, after-handshake, http-400]
            {client}  old:
                port: "{PortAllocator.Allocate()}"
                plaintext: closed
            claims:
              tls: {"{"} min: "1.2" {"}"}
            """, TestContext.Current.CancellationToken);
        return path;
    }

    private string NginxConf(int port, string verify, string check) => $$"""
        worker_processes 1;
        pid {{_dir.Path}}/nginx.pid;
        error_log stderr notice;
        events { worker_connections 64; }
        http {
            access_log off;
            client_body_temp_path {{_dir.Path}}/client_body_temp;
            proxy_temp_path {{_dir.Path}}/proxy_temp;
            fastcgi_temp_path {{_dir.Path}}/fastcgi_temp;
            uwsgi_temp_path {{_dir.Path}}/uwsgi_temp;
            scgi_temp_path {{_dir.Path}}/scgi_temp;
            default_type text/plain;
            server {
                listen 127.0.0.1:{{port}} ssl;
                server_name localhost;
                ssl_certificate {{_dir.Path}}/server.pem;
                ssl_certificate_key {{_dir.Path}}/server.key;
                ssl_protocols TLSv1.2 TLSv1.3;
                ssl_client_certificate {{_dir.Path}}/client-ca.pem;
                {{verify}}
                location / {
                    {{check}}
                    return 200 "own-pki ok\n";
                }
            }
        }
        """;

    private static Process Start(string command, string[] args)
    {
        // stdin redirected and left open: s_server reads commands from it.
        var info = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"{command} did not start");
    }

    private static async Task<bool> ListeningAsync(int port, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port), ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
