namespace Conformance.Targets.Kubernetes;

/// <summary>A loopback port the harness listens on and the container port each accepted connection is forwarded to.</summary>
public sealed record KubernetesForward(string Name, int LocalPort, int PodPort);
