namespace Conformance.Logs;

/// <summary>
/// Where a catalog's lines come from. Either the target's captured output, filtered by <see cref="Streams"/> — the
/// <c>LogLine.Source</c> values: <c>stdout</c>/<c>stderr</c> for process and container targets, the container name
/// (e.g. <c>queue-proxy</c>) for a pod on the kubernetes target, <c>*</c> for any — or a <see cref="File"/> the
/// harness tails (placeholders such as <c>{run:dir}</c> resolved per run).
/// </summary>
public sealed record LogSourceSpec
{
    public IReadOnlyList<string> Streams { get; init; } = ["*"];

    public string? File { get; init; }

    public bool IsFile => File is not null;

    /// <summary>Whether a captured line of the target belongs to this source.</summary>
    public bool Includes(string stream) => Streams.Any(s => s == "*" || string.Equals(s, stream, StringComparison.Ordinal));

    public override string ToString() => File is { } f ? $"file {f}" : $"target output ({string.Join(", ", Streams)})";
}
