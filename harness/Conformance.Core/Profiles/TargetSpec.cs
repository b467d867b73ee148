namespace Conformance.Profiles;

/// <summary>The <c>target:</c> section of a profile.</summary>
public sealed record TargetSpec
{
    public required TargetKind Kind { get; init; }

    /// <summary>Command to start (process target). <c>{reference}</c> names the embedded reference implementation.</summary>
    public string? Command { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Files rendered into the run folder before start: name → template path (absolute). Placeholders in the template are resolved.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>Host to connect to (endpoint target; 127.0.0.1 otherwise).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Image of a <c>container</c> target (<c>name:tag</c>, present in the local engine).</summary>
    public string? Image { get; init; }

    /// <summary><c>target.container</c>: ports, paths inside the container, entrypoint and reload command of a <c>container</c> target.</summary>
    public ContainerSpec? Container { get; init; }

    /// <summary><c>target.kubernetes</c>: required for the kubernetes target.</summary>
    public KubernetesSpec? Kubernetes { get; init; }

    public ReadySpec? Ready { get; init; }

    /// <summary><c>target.reload</c>: signal or command that makes the implementation re-read its files; null: nothing to do.</summary>
    public ReloadSpec? Reload { get; init; }

    /// <summary>How long a graceful stop may take before the process tree is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
