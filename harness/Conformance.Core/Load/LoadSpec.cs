namespace Conformance.Load;

/// <summary>What load to put on one TLS endpoint. Bounded by request count and by time; no retries, no sampling.</summary>
public sealed record LoadSpec
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    /// <summary>SNI sent, and the name the chain must match for a request to count as trusted.</summary>
    public string? ServerName { get; init; }

    public string Path { get; init; } = "/";

    /// <summary>Client populations; their worker counts add up to the total concurrency.</summary>
    public required IReadOnlyList<PopulationSpec> Populations { get; init; }

    /// <summary>Fraction of each population's workers that keep one connection alive (the rest handshake per request).</summary>
    public double KeepAliveShare { get; init; } = 0.5;

    public long MaxRequests { get; init; } = 20_000;

    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(3);
}
