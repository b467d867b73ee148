using System.Diagnostics;
using Conformance.Cluster;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Cluster;

/// <summary>
/// <see cref="KindCluster"/> against fake kind/docker/kubectl scripts (the locator points at their folder only): the
/// exact argument lists, idempotent up and down, status, and bounded calls that kill a hanging tool and its children.
/// </summary>
public sealed class KindClusterTests : IDisposable
{
    private const string Image = "conformance/reference:dev";
    private readonly FakeClusterTools _fake = FakeClusterTools.Create();
    private readonly List<string> _progress = [];

    public void Dispose() => _fake.Dispose();

    private static string Config => Path.Combine(RepoPaths.Root, "kind-config", "default.yaml");

    private KindCluster Cluster() => new(_fake.Runner(), _progress.Add);

    private ClusterSettings Settings() => new()
    {
        ConfigPath = Config,
        Wait = TimeSpan.FromSeconds(90),
        KubeconfigPath = _fake.File("kubeconfig"),
        Images = [Image],
    };

    private IReadOnlyList<string> Calls() => [.. _fake.Calls().Select(c => string.Join(' ', c))];

    [Fact]
    public async Task Up_checks_docker_and_the_image_creates_with_the_exact_arguments_then_loads_the_image()
    {
        _fake.AddImage(Image);

        var result = await Cluster().UpAsync(Settings(), TestContext.Current.CancellationToken);

        Assert.True(result.Created);
        Assert.Equal([Image], result.LoadedImages);
        Assert.Equal(
            [
                "docker info --format {{.ServerVersion}}",
                $"docker image inspect --format {{{{.Id}}}} {Image}",
                "kind get clusters",
                $"kind create cluster --name conformance --config {Config} --wait 90s --kubeconfig {_fake.File("kubeconfig")}",
                $"kind load docker-image {Image} --name conformance",
            ],
            Calls());
        Assert.True(_fake.HasCluster("conformance"));
        Assert.Equal("current-context: kind-conformance", (await File.ReadAllTextAsync(_fake.File("kubeconfig"), TestContext.Current.CancellationToken)).Trim());
        Assert.Contains(_progress, p => p.StartsWith("cluster 'conformance' created", StringComparison.Ordinal) && p.Contains("context kind-conformance", StringComparison.Ordinal));
        Assert.Contains(_progress, p => p.StartsWith($"image {Image} loaded into 'conformance'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Up_on_an_existing_cluster_reuses_it_exports_the_kubeconfig_and_still_loads_images()
    {
        _fake.AddImage(Image);
        _fake.AddCluster("conformance");

        var result = await Cluster().UpAsync(Settings(), TestContext.Current.CancellationToken);

        Assert.False(result.Created);
        Assert.DoesNotContain(_fake.CallsOf("kind"), c => c.StartsWith("create", StringComparison.Ordinal));
        Assert.Equal(
            [
                "get clusters",
                $"export kubeconfig --name conformance --kubeconfig {_fake.File("kubeconfig")}",
                $"load docker-image {Image} --name conformance",
            ],
            _fake.CallsOf("kind"));
        Assert.Contains("cluster 'conformance' already exists: reusing it (context kind-conformance)", _progress);
    }

    [Fact]
    public async Task Up_twice_creates_once()
    {
        var settings = Settings() with { Images = [], KubeconfigPath = null, Name = "twice" };

        var first = await Cluster().UpAsync(settings, TestContext.Current.CancellationToken);
        var second = await Cluster().UpAsync(settings, TestContext.Current.CancellationToken);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(
            ["get clusters", $"create cluster --name twice --config {Config} --wait 90s", "get clusters"],
            _fake.CallsOf("kind"));
    }

    [Fact]
    public async Task Down_deletes_an_existing_cluster_and_is_a_no_op_when_it_is_gone()
    {
        _fake.AddCluster("conformance");
        _fake.AddCluster("other");
        var settings = Settings();

        Assert.True(await Cluster().DownAsync(settings, TestContext.Current.CancellationToken));
        Assert.False(await Cluster().DownAsync(settings, TestContext.Current.CancellationToken));

        Assert.Equal(
            ["get clusters", $"delete cluster --name conformance --kubeconfig {_fake.File("kubeconfig")}", "get clusters"],
            _fake.CallsOf("kind"));
        Assert.False(_fake.HasCluster("conformance"));
        Assert.True(_fake.HasCluster("other"));
        Assert.Contains("no cluster 'conformance': nothing to delete", _progress);
    }

    [Fact]
    public async Task Status_reads_the_nodes_through_the_kind_context()
    {
        var settings = Settings() with { KubeconfigPath = null };
        var absent = await Cluster().StatusAsync(settings, TestContext.Current.CancellationToken);
        Assert.False(absent.Exists);
        Assert.False(absent.Ready);
        Assert.Empty(_fake.CallsOf("kubectl"));

        _fake.AddCluster("conformance");
        var ready = await Cluster().StatusAsync(settings, TestContext.Current.CancellationToken);
        _fake.Set("node-notready");
        var notReady = await Cluster().StatusAsync(settings, TestContext.Current.CancellationToken);

        Assert.True(ready.Ready);
        Assert.Equal([new NodeState("conformance-control-plane", true)], ready.Nodes);
        Assert.Equal("kind-conformance", ready.Context);
        Assert.False(notReady.Ready);
        Assert.Equal(["get nodes --output json --context kind-conformance", "get nodes --output json --context kind-conformance"], _fake.CallsOf("kubectl"));
    }

    [Fact]
    public async Task A_hanging_kind_and_the_child_it_started_are_killed_within_the_bound()
    {
        _fake.Set("hang-kind");
        var bound = TimeSpan.FromSeconds(1);
        var stopwatch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<ClusterException>(() => Cluster().DownAsync(Settings() with { Timeouts = ClusterTimeouts.Uniform(bound) }, TestContext.Current.CancellationToken));

        stopwatch.Stop();
        Assert.Equal("kind get clusters did not finish within 1s and was killed", e.Message);
        Assert.Equal(3, e.ExitCode);
        Assert.InRange(stopwatch.Elapsed, bound, bound + TimeSpan.FromSeconds(6));
        var child = _fake.HangPid();
        Assert.NotNull(child);
        Assert.True(await WaitGoneAsync(child.Value), $"the fake's child {child} still runs");
    }

    [Fact]
    public async Task A_create_killed_on_timeout_is_cleaned_up_with_kind_delete()
    {
        _fake.Set("hang-kind-create");
        var settings = Settings() with { Images = [], KubeconfigPath = null, Wait = TimeSpan.FromSeconds(1), Timeouts = ClusterTimeouts.Uniform(TimeSpan.FromSeconds(1)) };

        var e = await Assert.ThrowsAsync<ClusterException>(() => Cluster().UpAsync(settings, TestContext.Current.CancellationToken));

        Assert.Equal("kind create cluster did not finish within 2s and was killed", e.Message);
        Assert.Equal(["get clusters", $"create cluster --name conformance --config {Config} --wait 1s", "delete cluster --name conformance"], _fake.CallsOf("kind"));
        Assert.Contains("removed what the interrupted create of 'conformance' left behind", _progress);
        Assert.True(await WaitGoneAsync(_fake.HangPid()!.Value));
    }

    [Fact]
    public async Task Cancelling_kills_the_tool_and_its_child_and_throws_cancelled()
    {
        _fake.Set("hang-docker");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var up = Cluster().UpAsync(Settings(), cts.Token);
        var deadline = Stopwatch.StartNew();
        while (_fake.HangPid() is null && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TestContext.Current.CancellationToken);
        }

        Assert.NotNull(_fake.HangPid());
        var cancelledAt = Stopwatch.StartNew();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => up);
        Assert.True(cancelledAt.Elapsed < TimeSpan.FromSeconds(6), $"cancel took {cancelledAt.Elapsed}");
        Assert.True(await WaitGoneAsync(_fake.HangPid()!.Value));
        Assert.Empty(_fake.CallsOf("kind"));
    }

    [Fact]
    public void Kubectl_node_lists_are_parsed_and_garbage_is_a_cluster_error()
    {
        var nodes = KindCluster.ParseNodes("""{"items":[{"metadata":{"name":"a"},"status":{"conditions":[{"type":"Ready","status":"True"}]}},{"metadata":{"name":"b"},"status":{"conditions":[{"type":"Ready","status":"Unknown"}]}},{"metadata":{"name":"c"}}]}""");

        Assert.Equal([new NodeState("a", true), new NodeState("b", false), new NodeState("c", false)], nodes);
        var e = Assert.Throws<ClusterException>(() => KindCluster.ParseNodes("error: You must be logged in"));
        Assert.StartsWith("kubectl get nodes printed no node list", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("conformance", true)]
    [InlineData("ci-1.2", true)]
    [InlineData("Conformance", false)]
    [InlineData("-x", false)]
    [InlineData("a_b", false)]
    [InlineData("", false)]
    public void Cluster_names_follow_kind(string name, bool valid)
    {
        var e = Record.Exception(() => ClusterSettings.ValidateName(name));

        Assert.Equal(valid, e is null);
        Assert.True(valid || e is ClusterException { ExitCode: 2 });
    }

    private static async Task<bool> WaitGoneAsync(int pid)
    {
        var deadline = Stopwatch.StartNew();
        while (FakeClusterTools.ProcessTreeAlive(pid))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(5))
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TestContext.Current.CancellationToken);
        }

        return true;
    }
}
