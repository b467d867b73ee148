using System.Text;
using Conformance.Evidence;
using Conformance.Reports;
using Conformance.Reports.Synthetic;

namespace Conformance.Tests.Reports;

public sealed class SyntheticRunBuilderTests
{
    [Fact]
    public void The_same_seed_gives_the_same_run_field_for_field_and_another_seed_does_not()
    {
        var a = JsonReport.Serialize(new SyntheticRunBuilder(42).Many(200));
        var b = JsonReport.Serialize(new SyntheticRunBuilder(42).Many(200));
        var c = JsonReport.Serialize(new SyntheticRunBuilder(43).Many(200));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(JsonReport.Serialize(new SyntheticRunBuilder(42).DefaultSized()), JsonReport.Serialize(new SyntheticRunBuilder(42).DefaultSized()));
        Assert.Equal(HtmlReport.Render(new SyntheticRunBuilder(5).Many(50)), HtmlReport.Render(new SyntheticRunBuilder(5).Many(50)));
    }

    [Fact]
    public void Many_gives_each_result_a_handshake_with_a_two_certificate_chain_an_http_exchange_and_policy_findings()
    {
        var run = new SyntheticRunBuilder(1).Many(500);

        Assert.Equal(500, run.Scenarios.Count);
        Assert.Equal(500, run.Scenarios.Select(s => s.Id).Distinct().Count());
        Assert.All(run.Scenarios, s =>
        {
            Assert.Equal(2, Assert.Single(s.Evidence.OfType<HandshakeEvidence>()).Chain.Count);
            Assert.NotEmpty(Assert.Single(s.Evidence.OfType<HttpExchangeEvidence>()).ResponseHeaders);
            Assert.NotEmpty(Assert.Single(s.Evidence.OfType<PolicyEvidence>()).Findings);
        });
        Assert.Equal(run.Scenarios.Count, run.Verdicts.Pass + run.Verdicts.Fail + run.Verdicts.NotApplicable + run.Verdicts.Error);
        Assert.True(run.Verdicts.Pass > run.Verdicts.Fail && run.Verdicts.Fail > 0, $"verdicts {run.Verdicts}");
        Assert.Equal(SyntheticRunBuilder.Started, run.StartedUtc);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_default_sized_run_has_15_to_26_scenarios_with_every_evidence_kind_and_a_report_under_1_5_MB(int seed)
    {
        var run = new SyntheticRunBuilder(seed).DefaultSized();

        Assert.InRange(run.Scenarios.Count, 15, 26);
        var kinds = run.Scenarios.SelectMany(s => s.Evidence).Select(e => e.GetType()).ToHashSet();
        foreach (var kind in new[] { typeof(HandshakeEvidence), typeof(HttpExchangeEvidence), typeof(PolicyEvidence), typeof(PlaintextEvidence), typeof(PortEvidence), typeof(VersionEvidence), typeof(StartAttemptEvidence), typeof(ActionEvidence), typeof(LogLinesEvidence) })
        {
            Assert.Contains(kind, kinds);
        }

        var bytes = Encoding.UTF8.GetByteCount(HtmlReport.Render(run));
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed}: {run.Scenarios.Count} scenarios, report.html {bytes} bytes");
        Assert.InRange(bytes, 10_000, 1_500_000);
    }
}
