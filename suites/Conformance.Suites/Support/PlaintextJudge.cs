using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;

namespace Conformance.Suites.Support;

/// <summary>
/// Judges what a TLS port did with plaintext. Every refusal class counts (alert, error page, close, reset,
/// non-HTTP bytes); only an application answer fails. A port with nothing listening or no answer at all is
/// undecided, so it is an error rather than a pass. A refusal passes only beside its control: the same request
/// over TLS answered on the same endpoint. An answer carrying the application content is PT-03's fault, so the
/// per-port scenarios defer to it.
/// </summary>
internal static class PlaintextJudge
{
    /// <summary>Judges <paramref name="e"/> and, when it reads as a refusal, checks it against the endpoint's TLS control.</summary>
    public static async Task<Verdict> JudgeAsync(ScenarioContext ctx, ResolvedEndpoint endpoint, PlaintextEvidence e, string? marker, CancellationToken ct)
    {
        var verdict = Judge(e, marker);
        if (verdict.Kind == VerdictKind.Fail && await ContentAsync(ctx, e, ct))
        {
            // Application content over plaintext is PT-03's fault on every port; judging it here again would count
            // one fault twice.
            return Verdict.NotApplicable($"{e.Endpoint} (port {e.Port}) answered plaintext with the application content ({Describe(e)}): PT-03 judges application content over plaintext");
        }

        if (verdict.Kind != VerdictKind.Pass)
        {
            return verdict;
        }

        var control = await Controls.TlsAsync(ctx, endpoint, ct);
        return control.Answered
            ? Verdict.Pass($"{verdict.Reason}; control: {control.Words}")
            : Controls.NotServed($"{e.Endpoint} (port {e.Port}) refused plaintext ({Describe(e)}) but {control.Words}");
    }

    private static async Task<bool> ContentAsync(ScenarioContext ctx, PlaintextEvidence e, CancellationToken ct) =>
        e.BodySnippet is not null && await ApplicationContent.MarkerAsync(ctx, ct) is { } marker && ApplicationContent.Contains(e.BodySnippet, marker);

    public static Verdict Judge(PlaintextEvidence e, string? marker)
    {
        var where = $"{e.Endpoint} (port {e.Port})";
        return e.Outcome switch
        {
            PlaintextOutcome.ApplicationResponse => Verdict.Fail($"{where} answered plaintext HTTP with '{e.StatusLine}'"),
            _ when marker is not null && ApplicationContent.Contains(e.BodySnippet, marker) =>
                Verdict.Fail($"{where} returned application content over plaintext ({Describe(e)})"),
            PlaintextOutcome.HttpRedirect when e.Location is not null && !e.Location.StartsWith("https://", StringComparison.OrdinalIgnoreCase) =>
                Verdict.Fail($"{where} redirected plaintext to a non-HTTPS location '{e.Location}'"),
            PlaintextOutcome.ConnectionRefused => Verdict.Error($"nothing listens on {where}: cannot judge its plaintext handling"),
            PlaintextOutcome.TimedOut => Verdict.Error($"{where} neither answered nor closed within the read deadline: undecided"),
            _ => Verdict.Pass($"{where} refused plaintext: {Describe(e)}"),
        };
    }

    public static string Describe(PlaintextEvidence e) => e.Outcome switch
    {
        PlaintextOutcome.TlsAlert => $"TLS alert record {e.Alert}",
        PlaintextOutcome.HttpErrorPage => $"HTTP error page '{e.StatusLine}'",
        PlaintextOutcome.HttpRedirect => $"redirect '{e.StatusLine}' to {e.Location}",
        PlaintextOutcome.ApplicationResponse => $"application response '{e.StatusLine}'",
        PlaintextOutcome.ClosedCleanly => "connection closed cleanly with no bytes",
        PlaintextOutcome.Reset => "connection reset",
        PlaintextOutcome.NonHttpBytes => $"{e.BytesReceived} non-HTTP bytes ({e.FirstBytesHex})",
        PlaintextOutcome.TimedOut => "no answer before the deadline",
        _ => "connection refused",
    };
}
