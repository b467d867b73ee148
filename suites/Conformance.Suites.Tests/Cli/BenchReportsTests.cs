using Conformance.Model;
using static Conformance.Suites.Tests.Support.InProcessCli;

namespace Conformance.Suites.Tests.Cli;

/// <summary><c>conformance bench --reports</c>: renders synthetic results and prints times and sizes, without running a profile.</summary>
public sealed class BenchReportsTests
{
    [Fact]
    public async Task Prints_a_median_time_and_size_per_report_and_the_default_sized_report_size()
    {
        var (code, output, error) = await CliAsync("bench", "--reports", "--count", "300", "--seed", "11");

        Assert.True(code == ExitCodes.Conformant, $"exit {code}: {error}");
        Assert.Contains("300 synthetic results (Bogus seed 11)", output, StringComparison.Ordinal);
        foreach (var report in new[] { "report.html", "results.json", "junit.xml", "summary.md" })
        {
            Assert.Matches($@"(?m)^{report.Replace(".", "\\.", StringComparison.Ordinal)} +\d+ +[\d.]+ (B|kB|MB)$", output);
        }

        Assert.Matches(@"report\.html for 300 results: \d+ ms \(target ≤ 2000 ms: (met|MISSED)\)", output);
        Assert.Matches(@"report\.html for a default-sized run \(\d\d scenarios, \d+ evidence items\): [\d.]+ kB \(target ≤ 1500 kB: met\)", output);
        Assert.DoesNotContain("profile", output.Split('\n')[1], StringComparison.Ordinal); // no profile table: the profile runs are skipped
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task A_count_out_of_range_is_bad_usage(string count)
    {
        var (code, _, error) = await CliAsync("bench", "--reports", "--count", count);

        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Contains("--count", error, StringComparison.Ordinal);
    }
}
