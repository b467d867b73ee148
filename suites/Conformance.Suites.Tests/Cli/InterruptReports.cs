using System.Text.Json;
using Conformance.Reports;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Cli;

/// <summary>What a single-signal run must leave: the four reports saying INTERRUPTED, and results.json's fields.</summary>
internal static class InterruptReports
{
    /// <summary>The reports of a single-signal run: all four present and saying INTERRUPTED with the exit code; results.json's fields.</summary>
    public static async Task<string> CheckReportsAsync(string runs, int expected, CliProcess cli, List<string> problems, CancellationToken ct)
    {
        var latest = Path.Combine(runs, "latest");
        var mark = $"INTERRUPTED (exit {expected})";
        var marked = 0;
        foreach (var name in new[] { ReportSet.Html, ReportSet.Markdown, ReportSet.JUnit })
        {
            var path = Path.Combine(latest, name);
            if (!File.Exists(path))
            {
                problems.Add($"{name} missing");
            }
            else if (!(await File.ReadAllTextAsync(path, ct)).Contains(mark, StringComparison.Ordinal))
            {
                problems.Add($"{name} does not say {mark}");
            }
            else
            {
                marked++;
            }
        }

        if (!cli.Stdout.Contains(mark, StringComparison.Ordinal))
        {
            problems.Add($"the terminal does not say {mark}");
        }
        else
        {
            marked++;
        }

        var json = Path.Combine(latest, ReportSet.Json);
        if (!File.Exists(json))
        {
            problems.Add("results.json missing");
            return $"{marked}/4 reports marked, no results.json";
        }

        var root = JsonDocument.Parse(await File.ReadAllTextAsync(json, ct)).RootElement;
        var exitCode = root.GetProperty("exitCode").GetInt32();
        var interrupted = root.TryGetProperty("interrupted", out var i) && i.ValueKind == JsonValueKind.True;
        var finished = root.TryGetProperty("finished", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetInt32() : -1;
        var total = root.TryGetProperty("total", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : -1;
        var scenarios = root.GetProperty("scenarios").GetArrayLength();
        if (exitCode != expected || !interrupted || finished < 0 || total != scenarios || finished > total)
        {
            problems.Add($"results.json: exitCode {exitCode}, interrupted {interrupted}, finished {finished}, total {total}, {scenarios} scenario(s)");
        }

        // What was cut short is error, never pass or fail.
        foreach (var s in root.GetProperty("scenarios").EnumerateArray())
        {
            var reason = s.GetProperty("reason").GetString() ?? string.Empty;
            if (reason.Contains("run interrupted", StringComparison.Ordinal) && s.GetProperty("verdict").GetString() != "error")
            {
                problems.Add($"{s.GetProperty("id").GetString()} is {s.GetProperty("verdict").GetString()} although interrupted");
            }
        }

        return $"{marked}/4 reports marked {mark}, results.json exitCode {exitCode} interrupted {interrupted} finished {finished}/{total}";
    }
}
