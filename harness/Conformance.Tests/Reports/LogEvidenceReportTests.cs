using AngleSharp.Html.Parser;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Reports;

namespace Conformance.Tests.Reports;

/// <summary>Log evidence from the log suite shows its step, the action's time, what was seen, and each line's offset from the action.</summary>
public sealed class LogEvidenceReportTests
{
    [Fact]
    public void Step_action_time_and_offsets_are_rendered_and_round_trip_through_json()
    {
        var action = RunResultBuilder.Started.AddSeconds(30);
        var evidence = new LogLinesEvidence("target output (stdout)", "^reloaded$", [new LogLineRecord(action.AddMilliseconds(42), "stdout", "reloaded")], "exactly 1 line (leaf rotation)", false)
        {
            Step = "leaf rotation, step 'install new leaf'",
            ActionUtc = action,
            Observed = "2 matched",
        };
        var run = new RunResultBuilder().Add("LG-01", "logs", Level.Must, VerdictKind.Fail, "twice", evidence).Build();

        var box = new HtmlParser().ParseDocument(HtmlReport.Render(run)).GetElementById("LG-01")!;
        var text = box.TextContent;

        Assert.Contains("leaf rotation, step 'install new leaf'", text, StringComparison.Ordinal);
        Assert.Contains("05:06:37.890 UTC", text, StringComparison.Ordinal);
        Assert.Contains("2 matched", text, StringComparison.Ordinal);
        Assert.Contains("(+42 ms)", box.QuerySelector("pre.log")!.TextContent, StringComparison.Ordinal);

        var back = JsonReport.Parse(JsonReport.Serialize(run));
        Assert.Equal(evidence with { Lines = evidence.Lines }, Assert.IsType<LogLinesEvidence>(back.Scenarios[0].Evidence[0]) with { Lines = evidence.Lines });
    }
}
