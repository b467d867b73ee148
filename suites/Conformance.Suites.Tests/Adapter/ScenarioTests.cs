using Conformance.Model;

namespace Conformance.Suites.Tests.Adapter;

/// <summary>
/// Every scenario of the catalog as one test case (trait <c>Requirement=&lt;ID&gt;</c>) against the profile the
/// fixture started. Pass passes; not-applicable skips with its reason; fail and error fail with theirs (an error
/// says so, so it is never mistaken for a proven failure).
/// </summary>
public sealed class ScenarioTests(ProfileRunFixture run)
{
    public static IEnumerable<TheoryDataRow<string>> Scenarios() =>
        Catalog.All.Select(s => new TheoryDataRow<string>(s.Info.Id)
            .WithTrait("Requirement", s.Info.Id)
            .WithTrait("Suite", s.Info.Suite)
            .WithTestDisplayName($"{s.Info.Id} {s.Info.Title}"));

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_holds_on_the_profile(string id)
    {
        Assert.True(run.SetupError is null, $"error: the implementation could not be judged: {run.SetupError}");
        var scenario = Catalog.Find(id)!;
        var result = await run.Runner.RunScenarioAsync(run.Environment!, scenario, run.Options, TestContext.Current.CancellationToken);
        run.Record(result);
        foreach (var e in result.Evidence)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(e.ToString());
        }

        switch (result.Verdict)
        {
            case VerdictKind.NotApplicable:
                Assert.Skip($"not applicable: {result.Reason}");
                break;
            case VerdictKind.Error:
                Assert.Fail($"error (the harness could not decide): {result.Reason}");
                break;
            case VerdictKind.Fail:
                Assert.Fail($"{id} failed on profile '{run.Profile!.Name}': {result.Reason}");
                break;
        }
    }
}
