namespace Conformance.Probes;

/// <summary>Deadlines for a single probe. Probes never retry: a retry would hide what the server did.</summary>
public sealed record ProbeOptions
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Most bytes of a response body kept (the rest is counted, not stored).</summary>
    public int MaxBodyBytes { get; init; } = 64 * 1024;
}
