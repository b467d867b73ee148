using Conformance.Model;

namespace Conformance.Suites.Tests.Adapter;

/// <summary>
/// Every scenario of the catalog as one test case (trait <c>Requirement=&lt;ID&gt;</c>), judged by the one run the
/// fixture makes of the profile (the CLI's engine: selecting one test case still runs the whole profile, because a
/// scenario's verdict may rest on what ran before it). Pass passes; not-applicable skips with its reason; fail and
/// error fail with theirs (an error says so, so it is never mistaken for a proven failure).
/// </summary>
public sealed class ScenarioTests(ProfileRunFixture run) : IClassFixture<ProfileRunFixture>
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
        var (result, unjudged) = await run.ResultAsync(id, TestContext.Current.CancellationToken);
        Assert.True(unjudged is null, $"error: the implementation could not be judged: {unjudged}");
        Assert.NotNull(result);
        TestContext.Current.TestOutputHelper?.WriteLine($"{result.Id}: {result.Verdict} in {result.DurationMs:0} ms (profile {run.ProfilePath}, seed {run.Options.Seed})");
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
                Assert.Fail($"{id} failed on profile '{run.ProfileName}': {result.Reason}");
                break;
        }
    }
}
