namespace Conformance.Suites.Support;

/// <summary>What the deliberate no-overlap CA swap showed: whether the load engine saw the drops it must cause on this target.</summary>
internal sealed record SensitivityResult(bool DropsSeen, bool Decided, string Reason)
{
    /// <summary>Failures came before the switch: noise from outside the check, worth one more attempt.</summary>
    public bool Noisy { get; init; }
}
