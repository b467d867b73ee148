using Conformance.Engine;
using Conformance.Inputs;
using Conformance.Model;
using Conformance.Suites.Support;
using Conformance.TrustBundles;

namespace Conformance.Suites.TrustBundle;

/// <summary>
/// TB-01: a ConfigMap carrying the trust-bundle label key with an unusual value ("yes-please") and unusual data key
/// names is picked up: requests through the forwarding endpoint to an upstream whose CAs are only in that bundle are
/// refused before it exists (the check can fail) and succeed, for the CA in each key, once it does.
/// </summary>
public sealed class TB01_BundlePickedUpByLabelKey : IScenario
{
    public ScenarioInfo Info { get; } = TrustBundleSession.Info("TB-01", "A bundle is selected by the label key, whatever its value and key names", "A ConfigMap (or file) with the trust-bundle label key is picked up, whatever the label value and data key names.");

    public Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken) =>
        TrustBundleSession.RunAsync(ctx, async session =>
        {
            var (first, leafFirst) = session.NewCa("first");
            var (second, leafSecond) = session.NewCa("second");
            var name = $"conformance-tb01-{session.Nonce}";
            var keys = ($"_Odd.Key-{session.Nonce}", $"ROOTS..{session.Nonce.ToUpperInvariant()}_2.PEM");

            // Before: no bundle holds either CA, so the upstream must be refused — otherwise the rest proves nothing.
            await session.DeleteAsync(name, "start clean", cancellationToken);
            var before = await session.CallAsync(leafFirst, "first", cancellationToken);
            session.Keep(before);
            if (session.Undecided([before]) is { } undecided)
            {
                return Verdict.Error($"before any bundle: {undecided}");
            }

            if (before.Outcome == UpstreamOutcome.Trusted)
            {
                return Verdict.Fail($"the upstream's certificate was trusted before any trust bundle held its CA (the implementation trusts something else, e.g. the system store or any certificate)");
            }

            var bundle = TrustBundleSession.Bundle(name, "yes-please", new Dictionary<string, string>
            {
                [keys.Item1] = TrustBundleSession.Pem(first),
                [keys.Item2] = TrustBundleSession.Pem(second),
            });
            var applied = await session.ApplyAsync(bundle, "label value 'yes-please', one CA in each of two oddly named keys", cancellationToken);
            var (held, round, after) = await session.PollAsync(
                applied, [(leafFirst, "first"), (leafSecond, "second")], r => r.All(c => c.Outcome == UpstreamOutcome.Trusted), cancellationToken);
            foreach (var c in round)
            {
                session.Keep(c);
            }

            if (held)
            {
                return Verdict.Pass($"refused before the bundle existed; {after.TotalMilliseconds:0} ms after the bundle labelled '{Conformance.TrustBundles.TrustBundle.LabelKey}: yes-please' was applied, the CAs of both keys ('{keys.Item1}', '{keys.Item2}') were trusted");
            }

            if (session.Undecided(round) is { } lost)
            {
                return Verdict.Error(lost);
            }

            var missing = round.Where(c => c.Outcome != UpstreamOutcome.Trusted).Select(c => c.Certificate == "first" ? $"the CA in key '{keys.Item1}'" : $"the CA in key '{keys.Item2}'");
            return Verdict.Fail($"within {Durations.Format(session.Claim.PickupWithin)} of applying a bundle labelled '{Conformance.TrustBundles.TrustBundle.LabelKey}: yes-please', {string.Join(" and ", missing)} was still not trusted");
        }, cancellationToken);
}
