namespace Conformance.Profiles;

/// <summary>
/// <c>target.reload</c>: what makes the implementation pick up new certificate files. Exactly one of
/// <see cref="Signal"/> (e.g. <c>HUP</c>) or <see cref="Command"/> (placeholders resolved per run); absent means the
/// implementation watches its files itself (hot reload) or must be restarted.
/// </summary>
public sealed record ReloadSpec
{
    /// <summary>The signal's name without <c>SIG</c>, upper case (HUP, USR1, USR2, INT, QUIT, TERM, WINCH).</summary>
    public string? Signal { get; init; }

    /// <summary>Command and arguments, run to completion with a bounded wait; a non-zero exit is an error.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Bound on the reload command.</summary>
    public TimeSpan Within { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Linux signal numbers for the names <c>target.reload.signal</c> accepts.</summary>
    public static readonly IReadOnlyDictionary<string, int> Signals = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["HUP"] = 1,
        ["INT"] = 2,
        ["QUIT"] = 3,
        ["USR1"] = 10,
        ["USR2"] = 12,
        ["TERM"] = 15,
        ["WINCH"] = 28,
    };
}
