namespace Conformance.Targets.Containers;

/// <summary>The container exited while the harness waited for it to become ready.</summary>
public sealed class ContainerExitedException(long exitCode) : Exception($"the container exited with code {exitCode}")
{
    public long ExitCode { get; } = exitCode;
}
