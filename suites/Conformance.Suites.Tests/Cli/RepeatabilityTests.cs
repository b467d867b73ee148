using System.Text.RegularExpressions;
using Conformance.Cli;
using Conformance.Model;

namespace Conformance.Suites.Tests.Cli;

/// <summary>
/// A gate that flakes is switched off: <c>bench --repeat</c> on a cheap subset gives the same verdicts every run
/// (seeds differ per run, as in default runs), and <c>bench --run</c> times a run parallel and serial per suite.
/// </summary>
public sealed partial class RepeatabilityTests
{
    [Fact]
    public async Task Three_runs_of_a_subset_give_identical_verdicts()
    {
        using var o = new StringWriter();
        using var e = new StringWriter();

        var code = await ConformanceApp.RunAsync(["bench", "--repeat", "3", "--suite", "plaintext", "--suite", "san", "--suite", "tls-version", "--suite", "secret-validation", "--seed", "100"], o, e, TestContext.Current.CancellationToken);

        var text = o.ToString();
        Assert.True(code == ExitCodes.Conformant, $"exit {code}\n{text}\n{e}");
        var fingerprints = Fingerprint().Matches(text).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, fingerprints.Count);
        Assert.Single(fingerprints.Distinct());
        Assert.Contains("identical: all 3 runs gave the same verdicts", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_run_reports_parallel_and_serial_wall_time_per_suite()
    {
        using var o = new StringWriter();
        using var e = new StringWriter();

        var code = await ConformanceApp.RunAsync(["bench", "--run", "--suite", "plaintext", "--suite", "redirect"], o, e, TestContext.Current.CancellationToken);

        var text = o.ToString();
        Assert.True(code == ExitCodes.Conformant, $"exit {code}\n{text}\n{e}");
        Assert.Matches(@"(?m)^plaintext\s+4\s+\d+\s+\d+$", text);
        Assert.Matches(@"(?m)^redirect\s+5\s+\d+\s+\d+$", text);
        // On the default profile PT-02 (oldPort: redirect is RD-01's) and PT-04 (one TLS endpoint: PT-01's) do not apply.
        Assert.Matches(@"wall time: parallel \d+ ms \(7p 0f 2na 0e\), serial \d+ ms \(7p 0f 2na 0e\)", text);
        Assert.Contains("verdicts: identical in both runs", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"run +\d+: fingerprint ([0-9a-f]{12})")]
    private static partial Regex Fingerprint();
}
