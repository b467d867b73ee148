namespace Conformance.Profiles;

/// <summary>
/// One published port of a container target: <c>{port:NAME}</c> is a harness-allocated host port on 127.0.0.1; the
/// container listens on <see cref="ContainerPort"/>, or on that same number when null (so addresses the
/// implementation writes itself, such as a redirect's Location, name the port clients use).
/// </summary>
public sealed record ContainerPortSpec(string Name, int? ContainerPort);
