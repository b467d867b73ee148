using Conformance.Drivers;
using Conformance.Engine;
using Conformance.FakeKubernetes;
using Conformance.Model;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Kubernetes;

/// <summary>
/// SV-04 on the kubernetes target through the fake API server: the Secret PUT with an invalid pair, the rollout
/// restart, and the positive control (the valid Secret PUT back, a second rollout restart). The conformant run is in
/// <see cref="KubernetesProfileRunTests"/>; here the cached-pair mutant, deployed from flux.yaml's manifest with the
/// mutant set in the container's environment, is caught.
/// </summary>
public sealed class RuntimeSecretKubernetesTests
{
    [Fact]
    public async Task Sv04_fails_a_manager_that_restarts_on_the_pair_cached_before_the_secret_was_replaced()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeKubernetesCluster.StartAsync(ct);

        // The mutant's cache lives in its temp folder: one inside the fake's root, so it outlives the pod (as a volume
        // would) and is removed with the fake.
        var podTemp = Directory.CreateDirectory(Path.Combine(cluster.Root, "pod-tmp")).FullName;
        var manifest = Path.Combine(cluster.Root, "flux-starts-with-cached-pair.yaml");
        var original = Path.Combine(RepoPaths.Root, "fixtures", "kubernetes", "flux.yaml");
        const string Anchor = "          imagePullPolicy: IfNotPresent\n";
        var text = await File.ReadAllTextAsync(original, ct);
        Assert.Contains(Anchor, text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(manifest, text.Replace(Anchor, Anchor + $"          env:\n            - {{ name: CONFORMANCE_REFERENCE_MUTANT, value: StartsWithCachedPair }}\n            - {{ name: TMPDIR, value: \"{podTemp}\" }}\n", StringComparison.Ordinal), ct);
        var profilePath = cluster.Profile("flux-kubernetes.yaml");
        var profileText = (await File.ReadAllTextAsync(profilePath, ct)).Replace(original, manifest, StringComparison.Ordinal);
        Assert.Contains(manifest, profileText, StringComparison.Ordinal);
        var profile = ProfileLoader.Parse(profileText, profilePath);

        var run = await new ScenarioRunner(TimeProvider.System).RunAsync(profile, [Catalog.Find("SV-04")!], new RunOptions { Seed = 4242 }, null, ct);

        var sv04 = run.Scenarios.Single();
        Assert.True(sv04.Verdict == VerdictKind.Fail, $"{sv04.Verdict}: {sv04.Reason}\n{cluster.Describe()}");
        Assert.Contains("served the certificate it had before the change", sv04.Reason, StringComparison.Ordinal);
        Assert.Contains(cluster.Api.Requests, r => r.Method == "PUT" && r.Path.EndsWith("/secrets/source-controller-tls", StringComparison.Ordinal));
        Assert.Equal(2, cluster.Api.Requests.Count(r => r.Method == "PATCH" && r.Path.Contains("/deployments/source-controller", StringComparison.Ordinal)));
        Assert.Empty(cluster.Api.Namespaces);
        TestContext.Current.TestOutputHelper?.WriteLine($"SV-04: {sv04.Reason} ({sv04.DurationMs / 1000:0.0} s)");
    }
}
