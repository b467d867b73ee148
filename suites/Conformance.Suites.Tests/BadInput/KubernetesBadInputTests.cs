using Conformance.FakeKubernetes;
using Conformance.Model;
using Conformance.Platform;
using Conformance.Suites.Tests.Support;
using static Conformance.Suites.Tests.Support.InProcessCli;

namespace Conformance.Suites.Tests.BadInput;

/// <summary>Bad input on the kubernetes target: one line naming what was wrong, the documented exit code, no stack trace.</summary>
public sealed class KubernetesBadInputTests
{
    [Fact]
    public async Task Unreachable_api_server_exits_3_with_one_line_naming_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeKubernetesCluster.StartAsync(ct);
        var port = PortAllocator.Allocate();
        var kubeconfig = Path.Combine(cluster.Root, "dead-kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, (await File.ReadAllTextAsync(cluster.Kubeconfig, ct)).Replace(cluster.Api.BaseAddress.GetLeftPart(UriPartial.Authority), $"http://127.0.0.1:{port}", StringComparison.Ordinal), ct);

        var (code, _, error) = await CliAsync("run", "--profile", cluster.Profile("reference-kubernetes.yaml", kubeconfig), "--out", Path.Combine(cluster.Root, "runs"));

        Assert.Equal(ExitCodes.InfrastructureError, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"the Kubernetes API server http://127.0.0.1:{port}: unreachable (ConnectionRefused)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Empty(cluster.Api.Requests);
    }

    [Fact]
    public async Task Missing_kubeconfig_exits_3_with_one_line_naming_the_file()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeKubernetesCluster.StartAsync(ct);
        var missing = Path.Combine(cluster.Root, "no-such-kubeconfig");

        var (code, _, error) = await CliAsync("run", "--profile", cluster.Profile("reference-kubernetes.yaml", missing), "--out", Path.Combine(cluster.Root, "runs"));

        Assert.Equal(ExitCodes.InfrastructureError, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"cannot use the kubeconfig {missing}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubernetes_target_without_its_section_exits_2_naming_file_line_and_field()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeKubernetesCluster.StartAsync(ct);
        var path = Path.Combine(cluster.Root, "no-section.yaml");
        await File.WriteAllTextAsync(path, "apiVersion: conformance/v1\nname: k\ntarget:\n  kind: kubernetes\nendpoints:\n  https: { port: \"{port:https}\" }\n", ct);

        var (code, _, error) = await CliAsync("run", "--profile", path, "--out", Path.Combine(cluster.Root, "runs"));

        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Contains($"{path}:3", error, StringComparison.Ordinal);
        Assert.Contains("target.kubernetes", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upstream_image_the_cluster_cannot_run_exits_3_naming_the_image_and_leaves_nothing_behind()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeKubernetesCluster.StartAsync(ct);
        var path = cluster.Profile("knative-kubernetes.yaml");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path, ct))
            .Replace("    readyWithin: 90s\n", "    readyWithin: 2s\n    upstreamImage: example/not-loaded:1\n", StringComparison.Ordinal), ct);

        var (code, _, error) = await CliAsync("run", "--profile", path, "--suite", "trust-bundle", "--out", Path.Combine(cluster.Root, "runs"));

        Assert.Equal(ExitCodes.InfrastructureError, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("the trust-bundle upstream (Deployment conformance-upstream, image example/not-loaded:1)", line, StringComparison.Ordinal);
        Assert.Contains("kind load docker-image", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Empty(cluster.Api.Namespaces);
        Assert.DoesNotContain(cluster.Api.Requests, r => r.Method == "POST" && r.Path.EndsWith("/deployments", StringComparison.Ordinal) && r.Body.Contains("hello-00001-deployment", StringComparison.Ordinal));
    }
}
