using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Conformance.Cluster;

/// <summary>
/// Provisions a kind cluster for the kubernetes target: create (or reuse), load local images, delete, and report
/// status. Every call goes through <see cref="ToolRunner"/>, so each is bounded and killed on timeout or cancel.
/// </summary>
public sealed class KindCluster
{
    private readonly ToolRunner _tools;
    private readonly Action<string> _progress;

    /// <param name="tools">Runs kind, docker and kubectl.</param>
    /// <param name="progress">Receives one line per step (what is being done, what was found).</param>
    public KindCluster(ToolRunner tools, Action<string>? progress = null)
    {
        _tools = tools;
        _progress = progress ?? (_ => { });
    }

    /// <summary>
    /// Creates the cluster unless kind already lists one with that name (then it is reused and, when a kubeconfig path is
    /// given, its kubeconfig exported there), then loads <see cref="ClusterSettings.Images"/>.
    /// </summary>
    public async Task<ClusterUpResult> UpAsync(ClusterSettings settings, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        ClusterSettings.ValidateName(settings.Name);
        var config = ResolveConfig(settings.ConfigPath);
        Require(ClusterTool.Kind);
        Require(ClusterTool.Docker);
        await CheckDockerAsync(settings.Timeouts, cancellationToken);
        if (settings.KubeconfigPath is { } path && Path.GetDirectoryName(Path.GetFullPath(path)) is { } parent)
        {
            // kind writes the file, not the folders above it (a CI workspace's artifacts/kind/ does not exist yet).
            Directory.CreateDirectory(parent);
        }

        foreach (var image in settings.Images)
        {
            await CheckImageAsync(image, settings.Timeouts, cancellationToken);
        }

        var created = false;
        if (await ExistsAsync(settings.Name, settings.Timeouts, cancellationToken))
        {
            _progress($"cluster '{settings.Name}' already exists: reusing it (context {settings.Context})");
            if (settings.KubeconfigPath is { } kubeconfig)
            {
                await _tools.RunCheckedAsync(ClusterTool.Kind, ["export", "kubeconfig", "--name", settings.Name, "--kubeconfig", kubeconfig], settings.Timeouts.Query, cancellationToken);
                _progress($"kubeconfig for '{settings.Name}' written to {kubeconfig}");
            }
        }
        else
        {
            _progress($"creating cluster '{settings.Name}' from {config} (kind waits up to {WaitArgument(settings.Wait)} for the control plane)");
            var create = new List<string> { "create", "cluster", "--name", settings.Name, "--config", config, "--wait", WaitArgument(settings.Wait) };
            if (settings.KubeconfigPath is { } kubeconfig)
            {
                create.AddRange(["--kubeconfig", kubeconfig]);
            }

            ToolResult result;
            try
            {
                result = await _tools.RunCheckedAsync(ClusterTool.Kind, create, settings.Timeouts.Operation + settings.Wait, cancellationToken);
            }
            catch (Exception e) when (e is ClusterException or OperationCanceledException)
            {
                // A create killed on timeout or Ctrl+C leaves its node containers behind (kind cleans up only its own failures).
                await RemoveHalfCreatedAsync(settings);
                throw;
            }

            created = true;
            _progress($"cluster '{settings.Name}' created in {result.Elapsed.TotalSeconds:0.0}s (context {settings.Context}{(settings.KubeconfigPath is null ? string.Empty : $", kubeconfig {settings.KubeconfigPath}")})");
        }

        foreach (var image in settings.Images)
        {
            var load = await _tools.RunCheckedAsync(ClusterTool.Kind, ["load", "docker-image", image, "--name", settings.Name], settings.Timeouts.Operation, cancellationToken);
            _progress($"image {image} loaded into '{settings.Name}' in {load.Elapsed.TotalSeconds:0.0}s");
        }

        return new ClusterUpResult(created, settings.Images, stopwatch.Elapsed);
    }

    /// <summary>Deletes the cluster; false (and nothing run but the listing) when kind does not list it.</summary>
    public async Task<bool> DownAsync(ClusterSettings settings, CancellationToken cancellationToken)
    {
        ClusterSettings.ValidateName(settings.Name);
        Require(ClusterTool.Kind);
        if (!await ExistsAsync(settings.Name, settings.Timeouts, cancellationToken))
        {
            _progress($"no cluster '{settings.Name}': nothing to delete");
            return false;
        }

        var delete = new List<string> { "delete", "cluster", "--name", settings.Name };
        if (settings.KubeconfigPath is { } kubeconfig)
        {
            delete.AddRange(["--kubeconfig", kubeconfig]);
        }

        await _tools.RunCheckedAsync(ClusterTool.Kind, delete, settings.Timeouts.Operation, cancellationToken);
        _progress($"cluster '{settings.Name}' deleted");
        return true;
    }

    /// <summary>Whether the cluster exists and, when it does, its nodes as kubectl sees them through its kind context.</summary>
    public async Task<ClusterStatus> StatusAsync(ClusterSettings settings, CancellationToken cancellationToken)
    {
        ClusterSettings.ValidateName(settings.Name);
        Require(ClusterTool.Kind);
        if (!await ExistsAsync(settings.Name, settings.Timeouts, cancellationToken))
        {
            return new ClusterStatus(settings.Name, false, [], settings.Context, settings.KubeconfigPath);
        }

        Require(ClusterTool.Kubectl);
        var get = new List<string> { "get", "nodes", "--output", "json", "--context", settings.Context };
        if (settings.KubeconfigPath is { } kubeconfig)
        {
            get.AddRange(["--kubeconfig", kubeconfig]);
        }

        var nodes = await _tools.RunCheckedAsync(ClusterTool.Kubectl, get, settings.Timeouts.Query, cancellationToken);
        return new ClusterStatus(settings.Name, true, ParseNodes(nodes.Stdout), settings.Context, settings.KubeconfigPath);
    }

    /// <summary>The names <c>kind get clusters</c> lists (it prints "No kind clusters found." on stderr when there are none).</summary>
    public async Task<IReadOnlyList<string>> ListAsync(ClusterTimeouts timeouts, CancellationToken cancellationToken)
    {
        Require(ClusterTool.Kind);
        var result = await _tools.RunCheckedAsync(ClusterTool.Kind, ["get", "clusters"], timeouts.Query, cancellationToken);
        return [.. result.Stdout.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
    }

    /// <summary>The config file to pass to kind: as given, or (for the default) next to the tool when the working folder has none.</summary>
    public static string ResolveConfig(string configPath)
    {
        if (File.Exists(configPath))
        {
            return Path.GetFullPath(configPath);
        }

        var beside = Path.Combine(AppContext.BaseDirectory, configPath);
        if (!Path.IsPathRooted(configPath) && File.Exists(beside))
        {
            return beside;
        }

        throw ClusterException.BadUsage($"--config {configPath}: file not found");
    }

    /// <summary>Nodes and their Ready condition from <c>kubectl get nodes -o json</c>.</summary>
    public static IReadOnlyList<NodeState> ParseNodes(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var nodes = new List<NodeState>();
            foreach (var item in document.RootElement.GetProperty("items").EnumerateArray())
            {
                var name = item.GetProperty("metadata").GetProperty("name").GetString() ?? "?";
                var ready = item.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions)
                    && conditions.EnumerateArray().Any(c => c.GetProperty("type").GetString() == "Ready" && c.GetProperty("status").GetString() == "True");
                nodes.Add(new NodeState(name, ready));
            }

            return nodes;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ClusterException($"kubectl get nodes printed no node list ({e.Message})", e);
        }
    }

    private async Task RemoveHalfCreatedAsync(ClusterSettings settings)
    {
        try
        {
            await _tools.RunAsync(ClusterTool.Kind, ["delete", "cluster", "--name", settings.Name], settings.Timeouts.Query, CancellationToken.None);
            _progress($"removed what the interrupted create of '{settings.Name}' left behind");
        }
        catch (ClusterException e)
        {
            _progress($"could not remove what the interrupted create of '{settings.Name}' left behind: {e.Message}");
        }
    }

    private static string WaitArgument(TimeSpan wait) => ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";

    private void Require(ClusterTool tool)
    {
        if (!_tools.IsAvailable(tool))
        {
            throw ClusterException.Missing(tool, _tools.Locator.SearchPath);
        }
    }

    private async Task<bool> ExistsAsync(string name, ClusterTimeouts timeouts, CancellationToken cancellationToken) =>
        (await ListAsync(timeouts, cancellationToken)).Contains(name, StringComparer.Ordinal);

    private async Task CheckDockerAsync(ClusterTimeouts timeouts, CancellationToken cancellationToken)
    {
        var info = await _tools.RunAsync(ClusterTool.Docker, ["info", "--format", "{{.ServerVersion}}"], timeouts.Query, cancellationToken);
        if (info.ExitCode != 0)
        {
            throw new ClusterException($"docker is installed but its daemon does not answer (docker info exit {info.ExitCode}: {info.FailureLine()}): start Docker, or check that this user may use it");
        }
    }

    private async Task CheckImageAsync(string image, ClusterTimeouts timeouts, CancellationToken cancellationToken)
    {
        var inspect = await _tools.RunAsync(ClusterTool.Docker, ["image", "inspect", "--format", "{{.Id}}", image], timeouts.Query, cancellationToken);
        if (inspect.ExitCode != 0)
        {
            throw new ClusterException($"--load-image {image}: no such image in the local Docker store ({inspect.FailureLine()}): build it first, e.g. 'bash fixtures/images/build.sh reference'");
        }
    }
}
