using Conformance.Engine;
using Conformance.Inputs;
using Conformance.Model;
using Conformance.Suites.Support;
using Conformance.TrustBundles;

namespace Conformance.Suites.TrustBundle;

/// <summary>
/// TB-03: a bundle holds two CAs in one key (the overlap step of a CA rotation); once both are trusted, one is
/// removed from the key — new connections presenting its leaf must be refused within the pickup budget while the CA
/// kept stays trusted — and then the bundle is deleted, after which the kept CA must be refused too.
/// </summary>
public sealed class TB03_RemovedCaNotTrusted : IScenario
{
    public ScenarioInfo Info { get; } = TrustBundleSession.Info("TB-03", "A CA removed from the bundle stops being trusted", "A CA removed from the bundle stops being trusted for new connections.");

    public Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken) =>
        TrustBundleSession.RunAsync(ctx, async session =>
        {
            var (removed, leafRemoved) = session.NewCa("removed");
            var (kept, leafKept) = session.NewCa("kept");
            var name = $"conformance-tb03-{session.Nonce}";
            const string Key = "ca-bundle.pem";
            var both = new (Pki.IssuedCertificate, string)[] { (leafRemoved, "removed"), (leafKept, "kept") };
            var budget = Durations.Format(session.Claim.PickupWithin);

            var applied = await session.ApplyAsync(
                TrustBundleSession.Bundle(name, "true", new Dictionary<string, string> { [Key] = TrustBundleSession.Pem(removed) + TrustBundleSession.Pem(kept) }),
                "overlap: both CAs in one key", cancellationToken);
            var (trusted, round, _) = await session.PollAsync(applied, both, r => r.All(c => c.Outcome == UpstreamOutcome.Trusted), cancellationToken);
            if (!trusted)
            {
                foreach (var c in round)
                {
                    session.Keep(c);
                }

                return Verdict.Error(session.Undecided(round) ?? $"the bundle holding both CAs was not picked up within {budget}, so a removal cannot be judged (TB-01 judges pickup)");
            }

            var problems = new List<string>();
            var changed = await session.ApplyAsync(
                TrustBundleSession.Bundle(name, "true", new Dictionary<string, string> { [Key] = TrustBundleSession.Pem(kept) }),
                "the 'removed' CA taken out of the key", cancellationToken);
            var (refused, afterRemoval, removalTook) = await session.PollAsync(changed, both, r => r[0].Outcome == UpstreamOutcome.Refused, cancellationToken);
            foreach (var c in afterRemoval)
            {
                session.Keep(c);
            }

            if (session.Undecided(afterRemoval) is { } lost)
            {
                return Verdict.Error(lost);
            }

            if (!refused)
            {
                problems.Add($"{removalTook.TotalMilliseconds:0} ms after the CA was removed from the bundle, a new connection presenting its leaf was still trusted (budget {budget})");
            }
            else if (afterRemoval[1].Outcome != UpstreamOutcome.Trusted)
            {
                problems.Add("after one CA was removed, the CA still in the bundle was refused too (the bundle's remaining content did not count)");
            }

            var deleted = await session.DeleteAsync(name, "the whole bundle deleted", cancellationToken);
            var (gone, afterDelete, deleteTook) = await session.PollAsync(deleted, [(leafKept, "kept")], r => r[0].Outcome == UpstreamOutcome.Refused, cancellationToken);
            session.Keep(afterDelete[^1]);
            if (session.Undecided(afterDelete) is { } lost2)
            {
                return Verdict.Error(lost2);
            }

            if (!gone)
            {
                problems.Add($"{deleteTook.TotalMilliseconds:0} ms after the bundle was deleted, its remaining CA was still trusted for new connections (budget {budget})");
            }

            return problems.Count == 0
                ? Verdict.Pass($"the removed CA was refused for new connections {removalTook.TotalMilliseconds:0} ms after the change (the kept one still trusted), and the kept CA {deleteTook.TotalMilliseconds:0} ms after the bundle was deleted")
                : Verdict.Fail(string.Join("; ", problems));
        }, cancellationToken);
}
