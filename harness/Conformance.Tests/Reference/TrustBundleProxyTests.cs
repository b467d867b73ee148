using Conformance.Pki;
using Conformance.Platform;
using Conformance.Probes;
using Conformance.Tests.Support;
using Conformance.TrustBundles;

namespace Conformance.Tests.Reference;

/// <summary>
/// The reference's trust bundles and activator-like proxy, end to end: a real reference process, a folder of ConfigMap
/// manifests written by <see cref="TrustBundleFolder"/>, and the harness's TLS 1.3 upstream presenting leaves of
/// chosen CAs.
/// </summary>
public sealed class TrustBundleProxyTests(ReferencePki pki)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Bundles_are_selected_by_label_key_every_key_counts_invalid_entries_are_skipped_and_removal_applies()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await Rig.StartAsync(pki, [], ct);
        using var a = CertificateAuthority.CreateRoot("Bundle Test CA A");
        using var b = CertificateAuthority.CreateRoot("Bundle Test CA B");
        using var leafA = Rig.Leaf(a);
        using var leafB = Rig.Leaf(b);

        // No bundle yet: refused, and the upstream saw the handshake (a refusal, not an unreachable upstream).
        var before = await rig.Client.CallAsync(leafA, "a", ct);
        Assert.Equal(UpstreamOutcome.Refused, before.Outcome);
        Assert.Equal(502, before.Exchange.Status);
        Assert.Contains("upstream certificate not trusted", before.Exchange.BodySnippet, StringComparison.Ordinal);
        Assert.Equal("data-plane.knative.dev", (await rig.Client.Upstream.ConnectionsAsync(ct))[^1].ServerName);

        // Any label value selects; odd key names; an invalid entry before a valid one in the same key (skip-entry).
        rig.Folder.Apply(new TrustBundle(
            "odd-bundle",
            new Dictionary<string, string> { [TrustBundle.LabelKey] = "yes-please" },
            new Dictionary<string, string>
            {
                ["z_weird.Key-1"] = Rig.Invalid + Rig.Pem(a),
                ["second"] = Rig.Pem(b),
            }));
        await Poll.UntilAsync(async () => (await rig.Client.CallAsync(leafA, "a", ct)).Outcome == UpstreamOutcome.Trusted, Budget, "CA A trusted", ct);
        Assert.Equal(UpstreamOutcome.Trusted, (await rig.Client.CallAsync(leafB, "b", ct)).Outcome);
        Assert.Contains(rig.Server.Stdout.Split('\n'), l => l.Contains("\"WARNING\"", StringComparison.Ordinal) && l.Contains("\"configmap\":\"odd-bundle\"", StringComparison.Ordinal) && l.Contains("\"key\":\"z_weird.Key-1\"", StringComparison.Ordinal));
        Assert.DoesNotContain("PRIVATE", rig.Server.Stdout, StringComparison.Ordinal);

        // A removed CA is not trusted by the next connection; the one still in the bundle is.
        rig.Folder.Apply(new TrustBundle(
            "odd-bundle",
            new Dictionary<string, string> { [TrustBundle.LabelKey] = "yes-please" },
            new Dictionary<string, string> { ["second"] = Rig.Pem(b) }));
        await Poll.UntilAsync(async () => (await rig.Client.CallAsync(leafA, "a", ct)).Outcome == UpstreamOutcome.Refused, Budget, "CA A refused", ct);
        Assert.Equal(UpstreamOutcome.Trusted, (await rig.Client.CallAsync(leafB, "b", ct)).Outcome);

        // Without the label key nothing is selected; deleting the bundle removes everything.
        rig.Folder.Apply(new TrustBundle("unlabelled", new Dictionary<string, string> { ["app"] = "x" }, new Dictionary<string, string> { ["ca"] = Rig.Pem(a) }));
        rig.Folder.Delete("odd-bundle");
        await Poll.UntilAsync(async () => (await rig.Client.CallAsync(leafB, "b", ct)).Outcome == UpstreamOutcome.Refused, Budget, "CA B refused", ct);
        Assert.Equal(UpstreamOutcome.Refused, (await rig.Client.CallAsync(leafA, "a", ct)).Outcome);
    }

    [Fact]
    public async Task Skip_key_ignores_the_key_with_the_invalid_entry_and_keeps_the_others()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await Rig.StartAsync(pki, ["--trust-bundle-invalid", "skip-key"], ct);
        using var a = CertificateAuthority.CreateRoot("Bundle Test CA A");
        using var b = CertificateAuthority.CreateRoot("Bundle Test CA B");
        using var leafA = Rig.Leaf(a);
        using var leafB = Rig.Leaf(b);
        rig.Folder.Apply(new TrustBundle(
            "bundle",
            new Dictionary<string, string> { [TrustBundle.LabelKey] = "true" },
            new Dictionary<string, string> { ["bad"] = Rig.Invalid + Rig.Pem(a), ["good"] = Rig.Pem(b) }));
        await Poll.UntilAsync(async () => (await rig.Client.CallAsync(leafB, "b", ct)).Outcome == UpstreamOutcome.Trusted, Budget, "CA B trusted", ct);
        Assert.Equal(UpstreamOutcome.Refused, (await rig.Client.CallAsync(leafA, "a", ct)).Outcome);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_refused_even_from_a_trusted_ca()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await Rig.StartAsync(pki, [], ct);
        using var a = CertificateAuthority.CreateRoot("Bundle Test CA A");
        using var wrongName = a.Issue(new LeafSpecBuilder().WithCommonName("kn-routing").WithDnsNames("kn-routing").Build());
        using var right = Rig.Leaf(a);
        rig.Folder.Apply(new TrustBundle("bundle", new Dictionary<string, string> { [TrustBundle.LabelKey] = "true" }, new Dictionary<string, string> { ["ca"] = Rig.Pem(a) }));
        await Poll.UntilAsync(async () => (await rig.Client.CallAsync(right, "right", ct)).Outcome == UpstreamOutcome.Trusted, Budget, "trusted", ct);
        var call = await rig.Client.CallAsync(wrongName, "wrong-name", ct);
        Assert.Equal(UpstreamOutcome.Refused, call.Outcome);
        Assert.Contains("does not name data-plane.knative.dev", call.Exchange.BodySnippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_configmap_is_skipped_with_a_warning_and_the_others_count()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await Rig.StartAsync(pki, [], ct);
        using var a = CertificateAuthority.CreateRoot("Bundle Test CA A");
        using var leafA = Rig.Leaf(a);
        await File.WriteAllTextAsync(Path.Combine(rig.Workspace.Path, "broken.yaml"), "kind: Secret\nmetadata: { name: x }\n", ct);
        rig.Folder.Apply(new TrustBundle("ok", new Dictionary<string, string> { [TrustBundle.LabelKey] = "true" }, new Dictionary<string, string> { ["ca"] = Rig.Pem(a) }));

        await Poll.UntilAsync(async () => (await rig.Client.CallAsync(leafA, "a", ct)).Outcome == UpstreamOutcome.Trusted, Budget, "CA A trusted", ct);
        Assert.Contains(rig.Server.Stdout.Split('\n'), l => l.Contains("\"file\":\"broken.yaml\"", StringComparison.Ordinal) && l.Contains("kind is not ConfigMap", StringComparison.Ordinal));
        Assert.False(rig.Server.HasExited);
    }

    [Fact]
    public async Task A_missing_bundle_folder_exits_2()
    {
        var ports = new ReferenceServerArgs();
        var (code, _, stderr) = await ReferenceProcess.RunToExitAsync(ports.HttpsOnly(pki, "--trust-bundles", "/nonexistent/conformance-bundles"), TestContext.Current.CancellationToken);
        Assert.Equal(2, code);
        Assert.Contains("--trust-bundles /nonexistent/conformance-bundles is not a directory", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--activator-port", "1", "go together")]
    [InlineData("--upstream", "http://127.0.0.1:1", "--upstream must be https://HOST:PORT")]
    [InlineData("--trust-bundle-invalid", "skip-all", "skip-entry or skip-key")]
    public async Task Bad_trust_bundle_arguments_exit_2_with_one_line(string option, string value, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = RunWorkspace.Create("conformance-bundle-args-");
        var ports = new ReferenceServerArgs();
        var extra = option == "--upstream" ? new[] { "--activator-port", $"{PortAllocator.Allocate()}", option, value } : [option, value];
        var (code, _, stderr) = await ReferenceProcess.RunToExitAsync(ports.HttpsOnly(pki, ["--trust-bundles", workspace.Path, .. extra]), ct);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    private sealed class Rig : IAsyncDisposable
    {
        public const string Invalid = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";

        private Rig(RunWorkspace workspace, ReferenceProcess server, ActivatorClient client)
        {
            Workspace = workspace;
            Server = server;
            Client = client;
            Folder = new TrustBundleFolder(workspace.Path);
        }

        public RunWorkspace Workspace { get; }

        public ReferenceProcess Server { get; }

        public ActivatorClient Client { get; }

        public TrustBundleFolder Folder { get; }

        public static async Task<Rig> StartAsync(ReferencePki pki, string[] extra, CancellationToken ct)
        {
            var workspace = RunWorkspace.Create("conformance-bundles-");
            var upstream = UpstreamTlsServer.Start(0, "upstream-marker", TimeProvider.System);
            var ports = new ReferenceServerArgs();
            var activator = PortAllocator.Allocate();
            var server = await ReferenceProcess.StartAsync(
                ports.HttpsOnly(pki, ["--trust-bundles", workspace.Path, "--activator-port", $"{activator}", "--upstream", $"https://127.0.0.1:{upstream.Port}", .. extra]),
                [ports.Https, activator],
                ct);
            var probe = new HttpProbe(new ProbeOptions(), TimeProvider.System);
            var client = new ActivatorClient(probe, new HttpProbeRequest("activator", "127.0.0.1", activator, "GET", "/", $"127.0.0.1:{activator}"), upstream);
            return new Rig(workspace, server, client);
        }

        public static IssuedCertificate Leaf(CertificateAuthority ca) =>
            ca.Issue(new LeafSpecBuilder().WithCommonName("data-plane.knative.dev").WithDnsNames("data-plane.knative.dev", "kn-routing").Build());

        public static string Pem(CertificateAuthority ca) => PemWriter.CertificatesPem([ca.Certificate]);

        public async ValueTask DisposeAsync()
        {
            Server.Dispose();
            await Client.Upstream.DisposeAsync();
            Workspace.Dispose();
        }
    }
}
