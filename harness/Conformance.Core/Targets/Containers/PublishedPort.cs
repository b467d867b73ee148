namespace Conformance.Targets.Containers;

/// <summary>A container port published on 127.0.0.1: <c>{port:Name}</c> is <see cref="HostPort"/>; the container listens on <see cref="ContainerPort"/>.</summary>
public sealed record PublishedPort(string Name, int HostPort, int ContainerPort);
