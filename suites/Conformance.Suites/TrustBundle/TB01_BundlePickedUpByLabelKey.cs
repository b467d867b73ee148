using Conformance.Engine;
using Conformance.Inputs;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Suites.Support;
using Conformance.TrustBundles;

namespace Conformance.Suites.TrustBundle;

/// <summary>
/// TB-01: a ConfigMap carrying the trust-bundle label with unusual data key names is picked up: requests through the
/// forwarding endpoint to an upstream whose CAs are only in that bundle are refused before it exists (the check can
/// fail) and succeed, for the CA in each key, once it does. The label's value follows
/// <c>claims.trustBundle.labelValue</c>: <c>"true"</c> (what the Knative document writes) labels the bundle
/// <c>"true"</c> and leaves other values unjudged — the document promises nothing for them; <c>any</c> labels it
/// <c>yes-please</c>, which an implementation that reads only <c>"true"</c> never picks up.
/// </summary>
public sealed class TB01_BundlePickedUpByLabelKey : IScenario
{
    /// <summary>The label value TB-01 writes when the profile claims any value selects: not "true", nor a word meaning it.</summary>
    public const string UnusualValue = "yes-please";

    public ScenarioInfo Info { get; } = TrustBundleSession.Info("TB-01", "A labelled bundle is picked up, whatever its key names", "A ConfigMap (or file) with the trust-bundle label is picked up, whatever its data key names: labelled \"true\" when claims.trustBundle.labelValue is \"true\" (the Knative document's networking.knative.dev/trust-bundle: \"true\"; other values are then not judged), labelled another value when it is any.");

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

            var value = session.Claim.LabelValue == TrustBundleClaim.LabelAny ? UnusualValue : TrustBundleClaim.LabelTrue;
            if (value == TrustBundleClaim.LabelTrue)
            {
                ctx.Note($"claims.trustBundle.labelValue \"true\": the bundle is labelled \"true\"; what a bundle labelled another value does is not judged (claim labelValue: any to have '{UnusualValue}' judged)");
            }

            var bundle = TrustBundleSession.Bundle(name, value, new Dictionary<string, string>
            {
                [keys.Item1] = TrustBundleSession.Pem(first),
                [keys.Item2] = TrustBundleSession.Pem(second),
            });
            var applied = await session.ApplyAsync(bundle, $"label value '{value}', one CA in each of two oddly named keys", cancellationToken);
            var (held, round, after) = await session.PollAsync(
                applied, [(leafFirst, "first"), (leafSecond, "second")], r => r.All(c => c.Outcome == UpstreamOutcome.Trusted), cancellationToken);
            foreach (var c in round)
            {
                session.Keep(c);
            }

            if (held)
            {
                return Verdict.Pass($"refused before the bundle existed; {after.TotalMilliseconds:0} ms after the bundle labelled '{Conformance.TrustBundles.TrustBundle.LabelKey}: {value}' was applied, the CAs of both keys ('{keys.Item1}', '{keys.Item2}') were trusted");
            }

            if (session.Undecided(round) is { } lost)
            {
                return Verdict.Error(lost);
            }

            var missing = round.Where(c => c.Outcome != UpstreamOutcome.Trusted).Select(c => c.Certificate == "first" ? $"the CA in key '{keys.Item1}'" : $"the CA in key '{keys.Item2}'");
            return Verdict.Fail($"within {Durations.Format(session.Claim.PickupWithin)} of applying a bundle labelled '{Conformance.TrustBundles.TrustBundle.LabelKey}: {value}', {string.Join(" and ", missing)} was still not trusted");
        }, cancellationToken);
}
