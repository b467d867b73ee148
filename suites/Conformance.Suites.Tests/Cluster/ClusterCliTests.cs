using System.Diagnostics;
using Conformance.Model;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Cluster;

/// <summary>
/// <c>conformance cluster up|down|status</c> run as a child process whose PATH holds only the fake kind/docker/kubectl
/// (the test process's environment is never changed): exit codes, output, and the calls the tools received.
/// </summary>
public sealed class ClusterCliTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private readonly FakeClusterTools _fake = FakeClusterTools.Create();

    public void Dispose() => _fake.Dispose();

    private Task<(int Code, string Out, string Err)> Cli(params string[] args) =>
        _fake.RunCliAsync(args, Within, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Up_status_up_again_down_status_is_the_whole_lifecycle()
    {
        _fake.AddImage("conformance/reference:dev");
        var kubeconfig = Path.Combine(_fake.Dir, "artifacts", "kind", "kubeconfig"); // folders that do not exist yet, as in CI

        var up = await Cli("cluster", "up", "--load-image", "conformance/reference:dev", "--kubeconfig", kubeconfig, "--wait", "2m");
        var status = await Cli("cluster", "status", "--kubeconfig", kubeconfig);
        var again = await Cli("cluster", "up", "--kubeconfig", kubeconfig);
        var down = await Cli("cluster", "down", "--kubeconfig", kubeconfig);
        var gone = await Cli("cluster", "status");

        Assert.True(up.Code == 0, up.Err);
        Assert.Contains("cluster 'conformance' created", up.Out, StringComparison.Ordinal);
        Assert.Contains("cluster 'conformance' is up (created, 1 image(s) loaded", up.Out, StringComparison.Ordinal);
        Assert.Equal(0, status.Code);
        Assert.Equal(
            ["cluster 'conformance': exists", "nodes: 1/1 ready (conformance-control-plane Ready)", $"kubeconfig context: kind-conformance (kubeconfig: {kubeconfig})"],
            status.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(0, again.Code);
        Assert.Contains("already exists: reusing it", again.Out, StringComparison.Ordinal);
        Assert.Contains("(reused, 0 image(s) loaded", again.Out, StringComparison.Ordinal);
        Assert.Equal(0, down.Code);
        Assert.Contains("cluster 'conformance' deleted", down.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InfrastructureError, gone.Code);
        Assert.Equal("cluster 'conformance': does not exist", gone.Out.Trim());

        var config = Path.Combine(RepoPaths.Root, "kind-config", "default.yaml");
        Assert.Equal(
            [
                "get clusters",
                $"create cluster --name conformance --config {config} --wait 120s --kubeconfig {kubeconfig}",
                "load docker-image conformance/reference:dev --name conformance",
                "get clusters",
                "get clusters",
                $"export kubeconfig --name conformance --kubeconfig {kubeconfig}",
                "get clusters",
                $"delete cluster --name conformance --kubeconfig {kubeconfig}",
                "get clusters",
            ],
            _fake.CallsOf("kind"));
        Assert.Equal(["get nodes --output json --context kind-conformance --kubeconfig " + kubeconfig], _fake.CallsOf("kubectl"));
    }

    [Fact]
    public async Task Name_config_and_repeated_images_reach_kind()
    {
        _fake.AddImage("conformance/reference:dev");
        _fake.AddImage("conformance/nginx:dev");
        var config = _fake.File("two-nodes.yaml");
        await File.WriteAllTextAsync(config, "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n", TestContext.Current.CancellationToken);

        var up = await Cli("cluster", "up", "--name", "ci-7", "--config", config, "--load-image", "conformance/reference:dev", "--load-image", "conformance/nginx:dev", "--wait", "1m30s");

        Assert.True(up.Code == 0, up.Err);
        Assert.Equal(
            [
                "get clusters",
                $"create cluster --name ci-7 --config {config} --wait 90s",
                "load docker-image conformance/reference:dev --name ci-7",
                "load docker-image conformance/nginx:dev --name ci-7",
            ],
            _fake.CallsOf("kind"));
        Assert.Contains("context kind-ci-7", up.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hanging_kind_fails_the_command_with_exit_3_within_its_timeout()
    {
        _fake.Set("hang-kind");
        var stopwatch = Stopwatch.StartNew();

        var (code, output, error) = await Cli("cluster", "down", "--timeout", "1s");

        Assert.Equal(ExitCodes.InfrastructureError, code);
        Assert.Equal("error: kind get clusters did not finish within 1s and was killed", error.Trim());
        Assert.Empty(output);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"took {stopwatch.Elapsed}");
        Assert.NotNull(_fake.HangPid());
        Assert.False(FakeClusterTools.ProcessTreeAlive(_fake.HangPid()!.Value));
    }

    [Fact]
    public async Task Status_of_a_cluster_with_a_node_not_ready_exits_3()
    {
        _fake.AddCluster("conformance");
        _fake.Set("node-notready");

        var (code, output, _) = await Cli("cluster", "status");

        Assert.Equal(ExitCodes.InfrastructureError, code);
        Assert.Contains("nodes: 0/1 ready (conformance-control-plane NotReady)", output, StringComparison.Ordinal);
    }
}
