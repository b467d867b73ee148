using System.Text.RegularExpressions;

namespace Conformance.Cluster;

/// <summary>Which kind cluster, how to create it, and what to load into it. Immutable; derive variants with <c>with</c>.</summary>
public sealed partial record ClusterSettings
{
    /// <summary>The cluster name when none is given.</summary>
    public const string DefaultName = "conformance";

    /// <summary>The kind config used when none is given, relative to the working folder or the tool's folder.</summary>
    public const string DefaultConfig = "kind-config/default.yaml";

    /// <summary>kind cluster name (lower-case letters, digits, '.', '-').</summary>
    public string Name { get; init; } = DefaultName;

    /// <summary>The kind cluster config file passed as <c>--config</c>.</summary>
    public string ConfigPath { get; init; } = DefaultConfig;

    /// <summary>How long <c>kind create cluster --wait</c> waits for the control plane to be ready.</summary>
    public TimeSpan Wait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Where kind writes the cluster's kubeconfig; null leaves kind's default ($KUBECONFIG or ~/.kube/config).</summary>
    public string? KubeconfigPath { get; init; }

    /// <summary>Local Docker images to load into the nodes with <c>kind load docker-image</c>.</summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>Bounds on every external call.</summary>
    public ClusterTimeouts Timeouts { get; init; } = ClusterTimeouts.Default;

    /// <summary>The kubeconfig context kind names after the cluster.</summary>
    public string Context => $"kind-{Name}";

    /// <summary>Throws a bad-usage <see cref="ClusterException"/> for a name kind would refuse.</summary>
    public static void ValidateName(string name)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw ClusterException.BadUsage($"--name '{name}': a kind cluster name is 1-50 lower-case letters, digits, '.' or '-', starting with a letter or digit");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{0,49}$")]
    private static partial Regex NamePattern();
}
