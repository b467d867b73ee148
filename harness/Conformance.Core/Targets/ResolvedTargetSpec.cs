namespace Conformance.Targets;

/// <summary>A target section with every placeholder resolved: what to run, where to find it, and how to tell it is ready.</summary>
public sealed record ResolvedTargetSpec(
    string? FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    string Host,
    int? ReadyPort,
    TimeSpan ReadyWithin,
    TimeSpan StopTimeout);
