namespace Conformance.Profiles;

/// <summary><c>claims.reload</c>: how a rotated certificate reaches the server, and the budgets RT-01/RT-04 hold it to.</summary>
public sealed record ReloadClaim
{
    public ReloadMode Mode { get; init; } = ReloadMode.Hot;

    /// <summary>Change made → new certificate served (RT-04). Null: measured and reported only.</summary>
    public TimeSpan? Budget { get; init; }

    /// <summary>For <c>restart</c>/<c>none</c>: last success before → first success after. Null makes RT-01 not applicable.</summary>
    public TimeSpan? DowntimeBudget { get; init; }

    public bool Assumed { get; init; }
}
