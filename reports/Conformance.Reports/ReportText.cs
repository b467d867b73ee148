using System.Globalization;
using System.Text;
using System.Text.Json;
using Conformance.Model;

namespace Conformance.Reports;

/// <summary>Words shared by every renderer, so HTML, Markdown and JUnit say the same thing as results.json.</summary>
internal static class ReportText
{
    public static string Verdict(VerdictKind kind) => Enum(kind);

    public static string Level(Level level) => JsonNamingPolicy.KebabCaseUpper.ConvertName(level.ToString());

    /// <summary>The kebab-case spelling results.json uses for an enum value.</summary>
    public static string Enum<T>(T value)
        where T : struct, System.Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>The overall result a release manager reads, from the exit code (README.md, "Exit codes").</summary>
    public static string Result(int exitCode) => exitCode switch
    {
        ExitCodes.Conformant => "CONFORMANT",
        ExitCodes.NonConformant => "NOT CONFORMANT",
        ExitCodes.InfrastructureError => "UNDECIDED (infrastructure error)",
        ExitCodes.BadUsage => "NOT RUN (bad usage or profile)",
        ExitCodes.Interrupted or ExitCodes.Terminated => string.Create(CultureInfo.InvariantCulture, $"INTERRUPTED (exit {exitCode})"),
        _ => $"UNKNOWN (exit code {exitCode})",
    };

    /// <summary>
    /// The overall result of a run: "INTERRUPTED (exit 130)" (or 143) for a run a signal stopped, whatever its partial
    /// verdicts say; otherwise <see cref="Result(int)"/> of its exit code.
    /// </summary>
    public static string Result(RunResult run) =>
        run.Interrupted || run.ExitCode is ExitCodes.Interrupted or ExitCodes.Terminated
            ? string.Create(CultureInfo.InvariantCulture, $"INTERRUPTED (exit {run.ExitCode})")
            : Result(run.ExitCode);

    /// <summary>"3 of 12 scenario(s) finished before the interruption", or null for a run that was not interrupted.</summary>
    public static string? Interruption(RunResult run) =>
        run.Interrupted || run.ExitCode is ExitCodes.Interrupted or ExitCodes.Terminated
            ? string.Create(CultureInfo.InvariantCulture, $"{run.Finished?.ToString(CultureInfo.InvariantCulture) ?? "?"} of {run.Total ?? run.Scenarios.Count} scenario(s) finished before the interruption; the others are error")
            : null;

    public static string Duration(double milliseconds) => milliseconds switch
    {
        double.NaN => "n/a",
        < 1000 => milliseconds.ToString("0.#", CultureInfo.InvariantCulture) + " ms",
        < 120_000 => (milliseconds / 1000).ToString("0.0#", CultureInfo.InvariantCulture) + " s",
        _ => TimeSpan.FromMilliseconds(milliseconds).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture),
    };

    public static string Timestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Counts(VerdictCounts c) =>
        $"{c.Pass} pass, {c.Fail} fail, {c.NotApplicable} not-applicable, {c.Error} error";

    /// <summary>Scenarios with fail first, then error, then the rest, each group in catalog order (stable).</summary>
    public static IEnumerable<ScenarioResult> FailuresFirst(IEnumerable<ScenarioResult> scenarios) =>
        scenarios.OrderBy(s => s.Verdict switch { VerdictKind.Fail => 0, VerdictKind.Error => 1, _ => 2 });

    /// <summary>
    /// Replaces characters XML 1.0 cannot carry (NUL, most C0 controls, lone surrogates) with U+FFFD: server bytes
    /// end up in reasons and snippets, and one stray control character must not make junit.xml unreadable.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var valid = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (valid)
            {
                builder?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            var ok = !char.IsSurrogate(c) && System.Xml.XmlConvert.IsXmlChar(c);
            if (!ok && builder is null)
            {
                builder = new StringBuilder(text.Length).Append(text, 0, i);
            }

            builder?.Append(ok ? c : '\uFFFD');
        }

        return builder?.ToString() ?? text;
    }
}
