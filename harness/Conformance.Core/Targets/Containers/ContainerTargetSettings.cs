namespace Conformance.Targets.Containers;

/// <summary>A container target with every placeholder resolved: what to run, what to copy in before it starts, and how to tell it is ready.</summary>
public sealed record ContainerTargetSettings
{
    /// <summary>Image name and tag, present in the local engine.</summary>
    public required string Image { get; init; }

    /// <summary>Where the image came from in the profile, for messages (e.g. <c>profile.yaml: target.image</c>).</summary>
    public required string ImageField { get; init; }

    /// <summary>Names the container (with a unique suffix) and its run label.</summary>
    public required string Name { get; init; }

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string> Command { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<PublishedPort> Ports { get; init; } = [];

    /// <summary>Copied into the container after it is created and before it starts (the run folder, certificates, rendered files).</summary>
    public IReadOnlyList<ArchiveEntry> Files { get; init; } = [];

    /// <summary>The published port whose listener means "ready"; null: ready once started.</summary>
    public PublishedPort? ReadyPort { get; init; }

    /// <summary>Other published ports that must accept before the container counts as ready (TLS and redirect endpoints).</summary>
    public IReadOnlyList<PublishedPort> AlsoListening { get; init; } = [];

    public TimeSpan ReadyWithin { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
