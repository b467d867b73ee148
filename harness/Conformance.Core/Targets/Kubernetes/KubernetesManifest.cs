namespace Conformance.Targets.Kubernetes;

/// <summary>One manifest file, its placeholders resolved.</summary>
public sealed record KubernetesManifest(string Path, string Text);
