using Conformance.Engine;
using Conformance.Inputs;
using Conformance.Model;
using Conformance.Suites.Support;
using Conformance.TrustBundles;

namespace Conformance.Suites.TrustBundle;

/// <summary>
/// TB-04: the upstream's name is verified, not only its issuer. One CA in a bundle; the upstream presents, in turn, a
/// leaf from that CA naming the claim's server name (the positive control, before and after) and a leaf from the same
/// CA without that name (Knative's other internal names and one of its own). Trusting the CA is not enough: the
/// nameless leaf must be refused while the named one, on the same upstream through the same endpoint, is trusted.
/// </summary>
public sealed class TB04_UpstreamNameVerified : IScenario
{
    public ScenarioInfo Info { get; } = TrustBundleSession.Info("TB-04", "The upstream's name is verified, not only its CA", "A certificate issued by a CA in a trust bundle but without the server name the implementation verifies (claims.trustBundle.serverName) is refused, while one from the same CA naming it is trusted.");

    public Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken) =>
        TrustBundleSession.RunAsync(ctx, async session =>
        {
            var (ca, named) = session.NewCa("name-check");
            var (nameless, other) = session.NewLeafWithoutServerName(ca);
            var name = $"conformance-tb04-{session.Nonce}";
            var serverName = session.Claim.ServerName;
            var budget = Durations.Format(session.Claim.PickupWithin);

            var applied = await session.ApplyAsync(
                TrustBundleSession.Bundle(name, "true", new Dictionary<string, string> { ["ca.pem"] = TrustBundleSession.Pem(ca) }),
                "one CA; its leaves with and without the verified name", cancellationToken);

            // Positive control first: the CA must be trusted, or a refusal of the nameless leaf proves nothing.
            var (trusted, round, took) = await session.PollAsync(applied, [(named, "named")], r => r[0].Outcome == UpstreamOutcome.Trusted, cancellationToken);
            session.Keep(round[^1]);
            if (!trusted)
            {
                return Verdict.Error(session.Undecided(round) ?? $"the leaf naming {serverName} from the bundle's CA was not trusted within {budget}, so a refusal for the name alone cannot be told apart (TB-01 judges pickup)");
            }

            var wrong = await session.CallAsync(nameless, "without-name", cancellationToken);
            session.Keep(wrong);
            var control = await session.CallAsync(named, "named-again", cancellationToken);
            session.Keep(control);
            if (session.Undecided([wrong, control]) is { } lost)
            {
                return Verdict.Error(lost);
            }

            if (wrong.Outcome == UpstreamOutcome.Trusted)
            {
                return Verdict.Fail($"a certificate from the bundle's CA naming {other} (and Knative's other internal names) but not {serverName} was trusted: the implementation checks the issuer but not the name it verifies");
            }

            if (control.Outcome != UpstreamOutcome.Trusted)
            {
                return Verdict.Error($"the leaf naming {serverName} was trusted {took.TotalMilliseconds:0} ms after the apply but refused again right after the nameless one, so the refusal cannot be put down to the name");
            }

            return Verdict.Pass($"the bundle's CA was trusted for a leaf naming {serverName} ({took.TotalMilliseconds:0} ms after the apply), its leaf without that name (CN and SAN {other}) was refused, and the named leaf was trusted again right after");
        }, cancellationToken);
}
