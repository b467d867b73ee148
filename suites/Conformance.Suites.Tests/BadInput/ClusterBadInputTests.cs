using Conformance.Model;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.BadInput;

/// <summary>
/// Bad input to <c>conformance cluster</c>: a missing or failing kind, docker or kubectl is one stderr line naming the
/// tool and what to install or fix, exit 3; bad options are one line, exit 2, and run no tool at all. The CLI runs as a
/// child process whose PATH holds only the fake tools the case wants.
/// </summary>
public sealed class ClusterBadInputTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private static async Task<(int Code, string Out, string Line)> Cli(FakeClusterTools fake, params string[] args)
    {
        var (code, output, error) = await fake.RunCliAsync(args, Within, TestContext.Current.CancellationToken);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one stderr line, got:{Environment.NewLine}{error}");
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        return (code, output, lines[0]);
    }

    [Fact]
    public async Task Missing_kind_names_kind_and_how_to_install_it()
    {
        using var fake = FakeClusterTools.With("docker", "kubectl");

        foreach (var verb in new[] { "up", "down", "status" })
        {
            var (code, _, line) = await Cli(fake, "cluster", verb);

            Assert.Equal(ExitCodes.InfrastructureError, code);
            Assert.StartsWith("error: kind not found on PATH (searched 1 folder(s)): install kind (https://kind.sigs.k8s.io/", line, StringComparison.Ordinal);
        }

        Assert.Empty(fake.Calls());
    }

    [Fact]
    public async Task An_empty_PATH_says_so()
    {
        using var fake = FakeClusterTools.Create();

        var (code, _, line) = await fake.RunCliAsync(["cluster", "status"], Within, TestContext.Current.CancellationToken, path: string.Empty);

        Assert.Equal(ExitCodes.InfrastructureError, code);
        Assert.StartsWith("error: kind not found on PATH (PATH is empty)", line.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_docker_stops_up_before_kind_is_run()
    {
        using var fake = FakeClusterTools.With("kind", "kubectl");

        var (code, _, line) = await Cli(fake, "cluster", "up");

        Assert.Equal(ExitCodes.InfrastructureError, code);
        Assert.StartsWith("error: docker not found on PATH", line, StringComparison.Ordinal);
        Assert.Contains("install Docker Engine (https://docs.docker.com/engine/install/)", line, StringComparison.Ordinal);
        Assert.Empty(fake.Calls());
    }

    [Fact]
    public async Task A_docker_daemon_that_does_not_answer_is_named()
    {
        using var fake = FakeClusterTools.Create();
        fake.Set("docker-down");

        var (code, _, line) = await Cli(fake, "cluster", "up");

        Assert.Equal(ExitCodes.InfrastructureError, code);
        Assert.Equal("error: docker is installed but its daemon does not answer (docker info exit 1: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?): start Docker, or check that this user may use it", line);
        Assert.Empty(fake.CallsOf("kind"));
    }

    [Fact]
    public async Task Missing_kubectl_fails_status_of_an_existing_cluster()
    {
        using var fake = FakeClusterTools.With("kind", "docker");
        fake.AddCluster("conformance");

        var (code, _, line) = await Cli(fake, "cluster", "status");

        Assert.Equal(ExitCodes.InfrastructureError, code);
        Assert.StartsWith("error: kubectl not found on PATH", line, StringComparison.Ordinal);
        Assert.Contains("install kubectl (https://kubernetes.io/docs/tasks/tools/)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_kind_create_gives_kinds_error_line_and_exit_3()
    {
        using var fake = FakeClusterTools.Create();
        fake.Set("fail-kind-create", "failed to create cluster: failed to ensure docker network: command \"docker network create\" failed");

        var (code, _, line) = await Cli(fake, "cluster", "up");

        Assert.Equal(ExitCodes.InfrastructureError, code);
        Assert.Equal("error: kind create cluster failed (exit 1): ERROR: failed to create cluster: failed to ensure docker network: command \"docker network create\" failed", line);
        Assert.False(fake.HasCluster("conformance"));
    }

    [Fact]
    public async Task A_failing_kind_delete_exits_3()
    {
        using var fake = FakeClusterTools.Create();
        fake.AddCluster("conformance");
        fake.Set("fail-kind-delete", "failed to delete cluster \"conformance\": permission denied");

        var (code, _, line) = await Cli(fake, "cluster", "down");

        Assert.Equal(ExitCodes.InfrastructureError, code);
        Assert.Equal("error: kind delete cluster failed (exit 1): ERROR: failed to delete cluster \"conformance\": permission denied", line);
    }

    [Fact]
    public async Task An_image_that_was_never_built_is_refused_before_the_cluster_is_created()
    {
        using var fake = FakeClusterTools.Create();

        var (code, _, line) = await Cli(fake, "cluster", "up", "--load-image", "conformance/reference:dev");

        Assert.Equal(ExitCodes.InfrastructureError, code);
        Assert.Equal("error: --load-image conformance/reference:dev: no such image in the local Docker store (Error response from daemon: No such image: conformance/reference:dev): build it first, e.g. 'bash fixtures/images/build.sh reference'", line);
        Assert.Empty(fake.CallsOf("kind"));
    }

    [Theory]
    [InlineData("error: --config no/such.yaml: file not found", "cluster", "up", "--config", "no/such.yaml")]
    [InlineData("error: --wait 'soon': expected a duration such as 90s, 5m or 1m30s", "cluster", "up", "--wait", "soon")]
    [InlineData("error: --timeout '0s': expected a duration such as 90s, 5m or 1m30s", "cluster", "down", "--timeout", "0s")]
    [InlineData("error: --name 'Bad_Name': a kind cluster name is 1-50 lower-case letters, digits, '.' or '-', starting with a letter or digit", "cluster", "status", "--name", "Bad_Name")]
    [InlineData("error: Unrecognized command or argument '--no-such-flag'. (see 'conformance --help')", "cluster", "up", "--no-such-flag")]
    public async Task Bad_options_exit_2_with_one_line_and_run_no_tool(string expected, params string[] args)
    {
        using var fake = FakeClusterTools.Create();

        var (code, _, line) = await Cli(fake, args);

        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Equal(expected, line);
        Assert.Empty(fake.Calls());
    }
}
