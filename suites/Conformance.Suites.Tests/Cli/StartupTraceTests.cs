using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Cli;

/// <summary>
/// <c>CONFORMANCE_TRACE_STARTUP=1</c> (docs/performance.md): the real CLI prints its phase marks on stderr, in order,
/// and leaves stdout as it is; without the variable it prints none.
/// </summary>
public sealed class StartupTraceTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Trace_variable_prints_the_phase_marks_on_stderr_in_order_and_nothing_without_it()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] args = [Path.Combine(AppContext.BaseDirectory, "conformance.dll"), "scenarios"];

        var traced = await CliProcess.RunAsync(CliProcess.DotnetHost, args, Bound, ct, new Dictionary<string, string> { ["CONFORMANCE_TRACE_STARTUP"] = "1" });
        var plain = await CliProcess.RunAsync(CliProcess.DotnetHost, args, Bound, ct, new Dictionary<string, string> { ["CONFORMANCE_TRACE_STARTUP"] = string.Empty });

        Assert.Equal(0, traced.Code);
        Assert.Equal(0, plain.Code);
        var marks = traced.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("trace: ", StringComparison.Ordinal)).ToList();
        Assert.Collection(
            marks,
            m => Assert.EndsWith("main entered", m, StringComparison.Ordinal),
            m => Assert.EndsWith("command line parsed", m, StringComparison.Ordinal),
            m => Assert.EndsWith("exit", m, StringComparison.Ordinal));
        Assert.Equal(plain.Out, traced.Out);
        Assert.DoesNotContain("trace: ", plain.Err, StringComparison.Ordinal);
    }
}
