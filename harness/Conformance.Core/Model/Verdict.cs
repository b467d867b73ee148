namespace Conformance.Model;

/// <summary>The outcome of one scenario, with the reason in words.</summary>
public sealed record Verdict(VerdictKind Kind, string? Reason)
{
    public static Verdict Pass(string? note = null) => new(VerdictKind.Pass, note);

    public static Verdict Fail(string reason) => new(VerdictKind.Fail, reason);

    public static Verdict NotApplicable(string reason) => new(VerdictKind.NotApplicable, reason);

    public static Verdict Error(string reason) => new(VerdictKind.Error, reason);
}
