namespace Conformance.Profiles;

/// <summary>How the implementation picks up a changed certificate (<c>claims.reload.mode</c>).</summary>
public enum ReloadMode
{
    /// <summary>Reloaded while running, with no dropped requests.</summary>
    Hot,

    /// <summary>A change triggers a restart (Flux): the downtime is measured against <c>downtimeBudget</c>.</summary>
    Restart,

    /// <summary>Nothing watches the files; rotation means the operator restarts it (Feldera).</summary>
    None,
}
