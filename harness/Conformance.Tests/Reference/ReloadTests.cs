using System.Diagnostics;
using System.Security.Authentication;
using System.Security.Cryptography;
using Conformance.Pki;
using Conformance.Tests.Support;

namespace Conformance.Tests.Reference;

/// <summary>
/// Runtime certificate changes: a kubelet-style atomic <c>..data</c> swap is picked up (hot reload, RT-04's latency),
/// a bad pair keeps the old certificate served and is logged (SV-03), and flux mode exits 3 to be restarted.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReloadTests(ReferencePki pki)
{
    private static readonly TimeSpan ReloadBudget = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_atomic_data_swap_is_served_to_new_handshakes_and_logged()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = RunWorkspace.Create("conformance-reload-");
        var mount = new KubeletSecretDir(workspace.File("mount"), File.ReadAllText(pki.Cert), File.ReadAllText(pki.Key));
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(["--https", $"{ports.Https}", "--cert", mount.Cert, "--key", mount.Key], [ports.Https], ct);
        await using var before = await TlsConnection.ConnectAsync(ports.Https, null, SslProtocols.None, ct);
        Assert.Equal(pki.DefaultLeaf.Thumbprint, before.Leaf.Thumbprint);

        var swapped = Stopwatch.StartNew();
        Assert.Equal("..v2", mount.Swap(File.ReadAllText(pki.SniCert), File.ReadAllText(pki.SniKey)));
        await Poll.UntilAsync(async () => (await LeafThumbprintAsync(ports.Https, ct)) == pki.SniLeaf.Thumbprint, ReloadBudget, "new certificate served", ct);
        TestContext.Current.SendDiagnosticMessage($"reload latency (swap to new certificate served): {swapped.ElapsedMilliseconds} ms");

        var fingerprint = Convert.ToHexString(pki.SniLeaf.GetCertHash(HashAlgorithmName.SHA256));
        await Poll.UntilAsync(() => server.Stdout.Contains($"certificate reloaded: {pki.SniLeaf.Subject} {fingerprint}", StringComparison.Ordinal), ReloadBudget, "reload line", ct);
        // The connection made before the swap keeps working with the certificate it got.
        Assert.Equal(200, (await before.SendAsync("GET", "/still-here", ct)).Status);
        Assert.DoesNotContain("error", server.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mismatch", "does not match")]
    [InlineData("malformed", "is not valid PEM")]
    public async Task A_bad_pair_at_runtime_keeps_the_old_certificate_and_logs_one_error_line(string variant, string reason)
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = RunWorkspace.Create("conformance-reload-");
        var mount = new KubeletSecretDir(workspace.File("mount"), File.ReadAllText(pki.Cert), File.ReadAllText(pki.Key));
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(["--https", $"{ports.Https}", "--cert", mount.Cert, "--key", mount.Key], [ports.Https], ct);

        mount.Swap(BadCertificatePem(variant), File.ReadAllText(pki.Key));
        await Poll.UntilAsync(() => server.Stderr.Contains("error: refusing new certificate from", StringComparison.Ordinal), ReloadBudget, "refusal line", ct);

        var line = Assert.Single(server.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: refusing new certificate from {mount.Cert}: ", line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
        Assert.Equal(pki.DefaultLeaf.Thumbprint, await LeafThumbprintAsync(ports.Https, ct));
        Assert.DoesNotContain("certificate reloaded", server.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwapsInBadRuntimeCert_mutant_drops_the_old_certificate_silently()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = RunWorkspace.Create("conformance-reload-");
        var mount = new KubeletSecretDir(workspace.File("mount"), File.ReadAllText(pki.Cert), File.ReadAllText(pki.Key));
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(
            ["--https", $"{ports.Https}", "--cert", mount.Cert, "--key", mount.Key, "--mutant", "SwapsInBadRuntimeCert"], [ports.Https], ct);
        Assert.Equal(pki.DefaultLeaf.Thumbprint, await LeafThumbprintAsync(ports.Https, ct));

        mount.Swap(BadCertificatePem("mismatch"), File.ReadAllText(pki.Key));
        await Poll.UntilAsync(async () => await LeafThumbprintAsync(ports.Https, ct) is null, ReloadBudget, "handshakes failing", ct);

        Assert.Empty(server.Stderr);
        Assert.False(server.HasExited);
    }

    [Fact]
    public async Task Flux_mode_exits_3_when_the_secret_changes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = RunWorkspace.Create("conformance-reload-");
        var secret = workspace.File("secret.yaml");
        File.WriteAllText(secret, SecretYaml.Tls(File.ReadAllText(pki.Cert), File.ReadAllText(pki.Key)));
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(["--mode", "flux", "--https", $"{ports.Https}", "--tls-secret", secret], [ports.Https], ct);
        Assert.Equal(pki.DefaultLeaf.Thumbprint, await LeafThumbprintAsync(ports.Https, ct));

        File.WriteAllText(secret + ".new", SecretYaml.Tls(File.ReadAllText(pki.SniCert), File.ReadAllText(pki.SniKey)));
        File.Move(secret + ".new", secret, overwrite: true);

        Assert.Equal(3, await server.WaitForExitAsync(ReloadBudget, ct));
        Assert.Contains("secret changed: restarting", server.Stdout, StringComparison.Ordinal);
    }

    private string BadCertificatePem(string variant) => variant switch
    {
        "mismatch" => File.ReadAllText(pki.SniCert),
        "malformed" => "-----BEGIN CERTIFICATE-----\ncorrupt!\n-----END CERTIFICATE-----\n",
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    /// <summary>The leaf a new handshake gets, or null when the handshake fails.</summary>
    private static async Task<string?> LeafThumbprintAsync(int port, CancellationToken ct)
    {
        try
        {
            await using var tls = await TlsConnection.ConnectAsync(port, null, SslProtocols.None, ct);
            return tls.Leaf.Thumbprint;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return null;
        }
    }
}
