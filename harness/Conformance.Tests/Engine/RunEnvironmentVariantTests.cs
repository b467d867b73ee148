using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Probes;
using Conformance.Profiles;
using Conformance.Targets.Processes;
using Conformance.Tests.Support;

namespace Conformance.Tests.Engine;

/// <summary>Start variants and live certificate replacement, with the real reference server as a child process.</summary>
public sealed class RunEnvironmentVariantTests
{
    private static Profile Reference() => ReferenceProfiles.Minimal("variant-test");

    private static async Task<HandshakeOutcome> HandshakeAsync(ResolvedEndpoint e)
    {
        var probe = new HandshakeProbe(new ProbeOptions(), TimeProvider.System);
        using var r = await probe.ConnectAsync(new HandshakeRequest("https", e.Host, e.Port, e.ServerName), TestContext.Current.CancellationToken);
        return r.Evidence.Outcome;
    }

    [Fact]
    public async Task Variant_with_garbage_certificate_exits_nonzero_and_good_variant_becomes_ready_while_the_instance_keeps_serving()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = RunEnvironment.Prepare(Reference(), TimeProvider.System);
        await env.Target.StartAsync(ct);
        var https = env.Endpoints.Single();

        var garbage = env.Workspace.File("garbage.crt");
        await File.WriteAllTextAsync(garbage, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n", ct);
        var bad = await env.TryStartVariantAsync(new Dictionary<string, string> { ["pki:cert"] = garbage }, TimeSpan.FromSeconds(20), ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"bad variant: exited={bad.Exited} code={bad.ExitCode} in {bad.Elapsed.TotalMilliseconds:0} ms; {bad.Command}");
        foreach (var line in bad.Output)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"  {line.Source}: {line.Text}");
        }

        Assert.False(bad.BecameReady);
        Assert.True(bad.Exited);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains(bad.Output, l => l.Source == "stderr" && l.Text.Length > 0);
        Assert.Contains(garbage, bad.Command, StringComparison.Ordinal);
        Assert.DoesNotContain($" {https.Port} ", bad.Command + " ", StringComparison.Ordinal);

        var good = await env.TryStartVariantAsync(new Dictionary<string, string>(), TimeSpan.FromSeconds(20), ct);
        Assert.True(good.BecameReady, string.Join(" | ", good.Output.Select(l => l.Text)));
        Assert.False(good.Exited);
        Assert.Null(good.ExitCode);

        // The running instance was never touched: same process, still serving on its own port.
        Assert.False(((ProcessTarget)env.Target).HasExited);
        Assert.Equal(HandshakeOutcome.Accepted, await HandshakeAsync(https));
    }

    [Fact]
    public async Task Variant_of_an_endpoint_target_is_refused_with_one_line()
    {
        var profile = Reference() with { Target = new TargetSpec { Kind = TargetKind.Endpoint, Host = "127.0.0.1" } };
        await using var env = RunEnvironment.Prepare(profile, TimeProvider.System);

        var e = await Assert.ThrowsAsync<TargetException>(() => env.TryStartVariantAsync(new Dictionary<string, string>(), TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("needs the target capability start-variant", e.Message, StringComparison.Ordinal);
        Assert.Contains("this profile's target is 'endpoint'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replace_server_certificate_swaps_the_live_pair_behind_pki_cert_and_key()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = RunEnvironment.Prepare(Reference(), TimeProvider.System);
        var certPath = env.Resolver.Resolve("{pki:cert}");
        var keyPath = env.Resolver.Resolve("{pki:key}");
        Assert.StartsWith(env.Pki!.LiveDirectory, certPath, StringComparison.Ordinal);

        using var leaf = env.Pki.Issuer!.Issue(new LeafSpecBuilder().WithDnsNames("localhost").Build());
        var certPem = PemWriter.CertificatesPem(leaf.ServedChain);
        var keyPem = PemWriter.PrivateKeyPem(leaf.Certificate);
        await env.ReplaceServerCertificateAsync(certPem, keyPem, ct);

        Assert.Equal(certPem, await File.ReadAllTextAsync(certPath, ct));
        Assert.Equal(keyPem, await File.ReadAllTextAsync(keyPath, ct));
    }
}
