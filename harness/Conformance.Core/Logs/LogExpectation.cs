namespace Conformance.Logs;

/// <summary>
/// One expected line of a catalog: its pattern (a regex on the message; placeholders such as <c>{port:https}</c> are
/// resolved per run and regex-escaped), after which action it must appear, within how long, and how many times.
/// </summary>
public sealed record LogExpectation
{
    public required string Name { get; init; }

    /// <summary>The regex as written in the catalog, placeholders unresolved.</summary>
    public required string Pattern { get; init; }

    public LogTrigger After { get; init; } = LogTrigger.Rotation;

    /// <summary>How long after the action the line may take to appear.</summary>
    public TimeSpan Within { get; init; } = TimeSpan.FromSeconds(10);

    public LogCount Count { get; init; } = LogCount.Once;

    /// <summary>
    /// The line promises the new pair is already served when it is written (queue-proxy's "… were reloaded."), so a
    /// handshake begun after the line arrived must get the new certificate. nginx's "reconfiguring" promises nothing.
    /// </summary>
    public bool ServedWhenLogged { get; init; }

    /// <summary>Line of the catalog file where the entry starts, for messages.</summary>
    public int Line { get; init; }
}
