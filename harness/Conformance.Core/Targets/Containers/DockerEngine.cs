using System.Diagnostics;
using Conformance.Model;
using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Configurations;

namespace Conformance.Targets.Containers;

/// <summary>
/// The Docker engine Testcontainers found (DOCKER_HOST, ~/.testcontainers.properties, the local socket), reached
/// with a bounded ping; the labels the harness puts on every container it creates, and the sweep that removes
/// containers left behind by harness processes that are gone (Ryuk, Testcontainers' reaper, is off: it needs a
/// registry, and the harness cleans up after itself).
/// </summary>
public static class DockerEngine
{
    /// <summary>Label on every container the harness creates.</summary>
    public const string HarnessLabel = "conformance.harness";

    /// <summary>Label naming the run (one id per target instance).</summary>
    public const string RunLabel = "conformance.run";

    /// <summary>Label naming the process id of the harness that owns the container.</summary>
    public const string PidLabel = "conformance.pid";

    /// <summary>Label naming the machine of that process (a pid means nothing elsewhere).</summary>
    public const string HostLabel = "conformance.host";

    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromSeconds(30);
    private static readonly Lock Gate = new();
    private static Task? _sweep;

    static DockerEngine()
    {
        // The reaper container would have to come from a registry; the harness removes its containers itself.
        TestcontainersSettings.ResourceReaperEnabled = false;
    }

    /// <summary>Makes sure the static settings (no reaper) are applied before Testcontainers is used.</summary>
    public static void Initialise()
    {
        // The static constructor does the work.
    }

    /// <summary>Where the engine is, for messages.</summary>
    public static string Describe() =>
        TestcontainersSettings.OS.DockerEndpointAuthConfig?.Endpoint?.ToString()
        ?? Environment.GetEnvironmentVariable("DOCKER_HOST")
        ?? "unix:///var/run/docker.sock";

    /// <summary>A client for the engine, after a bounded ping. Throws <see cref="TargetException"/> with one line when none answers.</summary>
    public static async Task<IDockerClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var config = TestcontainersSettings.OS.DockerEndpointAuthConfig
            ?? throw new TargetException(
                $"no Docker engine is reachable (looked for DOCKER_HOST and {Describe()}): start dockerd or set DOCKER_HOST"
                + (Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is null && File.Exists("/var/run/docker.sock")
                    ? "; an engine older than the client's API needs DOCKER_API_VERSION (1.41 for Docker 20.10)"
                    : string.Empty));
        // DOCKER_HOST set means that engine: Testcontainers would fall back to the local socket when it does not answer.
        if (Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } wanted
            && !string.Equals(config.Endpoint?.ToString().TrimEnd('/'), wanted.TrimEnd('/'), StringComparison.Ordinal))
        {
            throw new TargetException($"no Docker engine is reachable at DOCKER_HOST={wanted}: start it, or unset DOCKER_HOST to use the local socket");
        }

        IDockerClient client;
        try
        {
            client = config.GetDockerClientBuilder(Guid.NewGuid()).Build();
        }
        catch (Exception e) when (e is DockerConfigurationException or ArgumentException or InvalidOperationException)
        {
            throw new TargetException($"cannot use the Docker engine at {Describe()}: {e.Message}", e);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(PingTimeout);
        try
        {
            await client.System.PingAsync(deadline.Token);
            return client;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            var reason = e is OperationCanceledException ? $"no answer within {PingTimeout.TotalSeconds:0} s" : FirstLine(e.Message);
            throw new TargetException($"no Docker engine is reachable at {Describe()} ({reason}): start dockerd or set DOCKER_HOST", e);
        }
    }

    /// <summary>True when the engine has <paramref name="image"/> locally.</summary>
    public static async Task<bool> HasImageAsync(IDockerClient client, string image, CancellationToken cancellationToken)
    {
        try
        {
            await client.Images.InspectImageAsync(image, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>The labels of a container this process creates for <paramref name="runId"/>.</summary>
    public static IReadOnlyDictionary<string, string> Labels(string runId) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [HarnessLabel] = "1",
        [RunLabel] = runId,
        [PidLabel] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [HostLabel] = Environment.MachineName,
    };

    /// <summary>
    /// Removes (once per process) every container labelled by a harness on this machine whose process is gone:
    /// leftovers of a run that was killed. Containers of live harness processes are left alone.
    /// </summary>
    public static Task SweepOnceAsync(IDockerClient client, CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            // Shared by every target of this process: not tied to one caller's token, bounded, and best effort (a
            // leftover that cannot be removed now must not stop this run).
            _sweep ??= SweepBestEffortAsync(client);
            return _sweep.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Removes every container (then network) labelled by a harness on this machine whose process is gone; returns their ids.
    /// Containers of live harness processes (this one included) are left alone.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SweepAsync(IDockerClient client, CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        foreach (var c in await ListHarnessContainersAsync(client, null, cancellationToken))
        {
            if (c.Labels is null
                || !c.Labels.TryGetValue(HostLabel, out var host) || host != Environment.MachineName
                || !c.Labels.TryGetValue(PidLabel, out var pidText) || !int.TryParse(pidText, out var pid)
                || IsAlive(pid))
            {
                continue;
            }

            await RemoveAsync(client, c.ID, cancellationToken);
            removed.Add(c.ID);
        }

        // The runs' networks (the trust-bundle upstream's), once their containers are gone.
        foreach (var n in await ListHarnessNetworksAsync(client, null, cancellationToken))
        {
            if (n.Labels is null
                || !n.Labels.TryGetValue(HostLabel, out var host) || host != Environment.MachineName
                || !n.Labels.TryGetValue(PidLabel, out var pidText) || !int.TryParse(pidText, out var pid)
                || IsAlive(pid))
            {
                continue;
            }

            await RemoveNetworkAsync(client, n.ID, cancellationToken);
            removed.Add(n.ID);
        }

        return removed;
    }

    /// <summary>Networks labelled by a harness (any process), for tests and the sweep.</summary>
    public static async Task<IList<NetworkResponse>> ListHarnessNetworksAsync(IDockerClient client, string? runId, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, bool>(StringComparer.Ordinal) { [$"{HarnessLabel}=1"] = true };
        if (runId is not null)
        {
            labels[$"{RunLabel}={runId}"] = true;
        }

        return await client.Networks.ListNetworksAsync(
            new NetworksListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels } },
            cancellationToken);
    }

    /// <summary>Removes a network; no error when it is already gone.</summary>
    public static async Task RemoveNetworkAsync(IDockerClient client, string id, CancellationToken cancellationToken)
    {
        try
        {
            await client.Networks.DeleteNetworkAsync(id, cancellationToken);
        }
        catch (DockerNetworkNotFoundException)
        {
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>Containers labelled by a harness (any process), for tests and the sweep.</summary>
    public static async Task<IList<ContainerListResponse>> ListHarnessContainersAsync(IDockerClient client, string? runId, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, bool>(StringComparer.Ordinal) { [$"{HarnessLabel}=1"] = true };
        if (runId is not null)
        {
            labels[$"{RunLabel}={runId}"] = true;
        }

        return await client.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels } },
            cancellationToken);
    }

    /// <summary>Force-removes a container; no error when it is already gone.</summary>
    public static async Task RemoveAsync(IDockerClient client, string id, CancellationToken cancellationToken)
    {
        try
        {
            await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
            // Gone, or already being removed.
        }
    }

    private static async Task SweepBestEffortAsync(IDockerClient client)
    {
        using var bound = new CancellationTokenSource(SweepTimeout);
        try
        {
            await SweepAsync(client, bound.Token);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Best effort: the next run sweeps again.
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
