using Conformance.Engine;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Tests.Support;

namespace Conformance.Tests.Engine;

/// <summary>The runner starts a scenario that consumes a run fact only after the scenario producing it finished.</summary>
public sealed class ScenarioRunnerOrderTests
{
    private static readonly RunFact<Written> Fact = new("written", () => new Written());

    private static Profile Reference() => ReferenceProfiles.Minimal("order-test");

    private static ScenarioInfo Info(string id) => new(id, "test", Level.Must, id, id, "test", _ => null);

    [Fact]
    public async Task A_consumer_that_could_start_at_once_waits_until_its_producer_finished()
    {
        var ct = TestContext.Current.CancellationToken;
        var consumerStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var producer = new Delegating(Info("P-01") with { Produces = [Fact] }, async (ctx, token) =>
        {
            // Both run in the concurrent phase: were the consumer not held back, it would start beside this one, and
            // this bounded wait would see it.
            var early = await Task.WhenAny(consumerStarted.Task, Task.Delay(TimeSpan.FromSeconds(1), token)) == consumerStarted.Task;
            ctx.Fact(Fact).Done = true;
            return early ? Verdict.Fail("the consumer started before the producer finished") : Verdict.Pass();
        });
        var consumer = new Delegating(Info("C-01") with { Consumes = [Fact] }, (ctx, _) =>
        {
            consumerStarted.TrySetResult();
            return Task.FromResult(ctx.Fact(Fact).Done ? Verdict.Pass() : Verdict.Fail("the producer had not finished"));
        });

        var run = await new ScenarioRunner(TimeProvider.System).RunAsync(Reference(), [consumer, producer], new RunOptions { Seed = 1, Parallelism = 4 }, null, ct);

        Assert.Null(run.InfrastructureError);
        Assert.All(run.Scenarios, s => Assert.True(s.Verdict == VerdictKind.Pass, $"{s.Id}: {s.Verdict}: {s.Reason}"));
        Assert.Equal(["C-01", "P-01"], run.Scenarios.Select(s => s.Id));
    }

    private sealed class Written
    {
        public volatile bool Done;
    }

    private sealed class Delegating(ScenarioInfo info, Func<ScenarioContext, CancellationToken, Task<Verdict>> run) : IScenario
    {
        public ScenarioInfo Info { get; } = info;

        public Task<Verdict> RunAsync(ScenarioContext context, CancellationToken cancellationToken) => run(context, cancellationToken);
    }
}
