namespace Conformance.Model;

/// <summary>The four verdicts. <see cref="Error"/> means the harness could not decide; it is never a pass or a fail.</summary>
public enum VerdictKind
{
    Pass,
    Fail,
    NotApplicable,
    Error,
}
