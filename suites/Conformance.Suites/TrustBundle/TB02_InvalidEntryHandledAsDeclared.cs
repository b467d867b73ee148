using System.Text.RegularExpressions;
using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Inputs;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Suites.Support;
using Conformance.TrustBundles;

namespace Conformance.Suites.TrustBundle;

/// <summary>
/// TB-02: a bundle whose first key holds an invalid PEM entry followed by a valid CA, and whose second key holds
/// another valid CA. The second key must count either way; the valid CA after the invalid entry counts under
/// <c>skip-entry</c> and does not under <c>skip-key</c>; a CA in no bundle stays refused (the check can fail); and a
/// warning naming the ConfigMap and the key (or matching <c>claims.trustBundle.warning</c>) is logged.
/// </summary>
public sealed class TB02_InvalidEntryHandledAsDeclared : IScenario
{
    private static readonly TimeSpan WarningGrace = TimeSpan.FromSeconds(2);

    public ScenarioInfo Info { get; } = TrustBundleSession.Info("TB-02", "An invalid PEM entry is skipped as declared and logged", "An invalid PEM entry is handled as the profile declares: skip-entry (the other certificates in the same key still count) or skip-key (the whole key is ignored); either way the valid keys still count and a warning is logged.");

    public Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken) =>
        TrustBundleSession.RunAsync(ctx, async session =>
        {
            var skipEntry = session.Claim.InvalidEntry == TrustBundleClaim.SkipEntry;
            var (sameKey, leafSameKey) = session.NewCa("after-invalid");
            var (otherKey, leafOtherKey) = session.NewCa("other-key");
            var (_, leafNowhere) = session.NewCa("in-no-bundle");
            var name = $"conformance-tb02-{session.Nonce}";
            var (badKey, goodKey) = ($"mixed-{session.Nonce}.pem", $"valid-{session.Nonce}.pem");
            var logsBefore = ctx.Target.Logs.Count;
            var bundle = TrustBundleSession.Bundle(name, "true", new Dictionary<string, string>
            {
                [badKey] = TrustBundleSession.InvalidEntry + TrustBundleSession.Pem(sameKey),
                [goodKey] = TrustBundleSession.Pem(otherKey),
            });
            var applied = await session.ApplyAsync(bundle, $"key '{badKey}': an invalid entry then a valid CA; key '{goodKey}': a valid CA", cancellationToken);

            // The valid key counts under either policy: its CA being trusted is the pickup.
            var (held, round, after) = await session.PollAsync(applied, [(leafOtherKey, "other-key")], r => r[0].Outcome == UpstreamOutcome.Trusted, cancellationToken);
            session.Keep(round[^1]);
            var problems = new List<string>();
            if (!held)
            {
                if (session.Undecided(round) is { } lost)
                {
                    return Verdict.Error(lost);
                }

                problems.Add($"the valid key '{goodKey}' did not count within {Durations.Format(session.Claim.PickupWithin)}: an invalid entry in another key must not make the bundle ignored");
            }
            else
            {
                var same = await session.CallAsync(leafSameKey, "after-invalid", cancellationToken);
                var nowhere = await session.CallAsync(leafNowhere, "in-no-bundle", cancellationToken);
                session.Keep(same);
                session.Keep(nowhere);
                if (session.Undecided([same, nowhere]) is { } lost)
                {
                    return Verdict.Error(lost);
                }

                if (nowhere.Outcome == UpstreamOutcome.Trusted)
                {
                    problems.Add("a certificate from a CA in no bundle was trusted (the implementation trusts something else)");
                }

                switch (skipEntry, same.Outcome == UpstreamOutcome.Trusted)
                {
                    case (true, false):
                        problems.Add($"skip-entry declared, but the valid CA after the invalid entry in key '{badKey}' was not trusted (the whole key was dropped)");
                        break;
                    case (false, true):
                        problems.Add($"skip-key declared, but the valid CA in key '{badKey}' (which holds an invalid entry) was trusted");
                        break;
                    default:
                        break;
                }
            }

            var (warning, pattern) = await FindWarningAsync(ctx, session, logsBefore, name, badKey, applied, cancellationToken);
            ctx.Add(new LogLinesEvidence("target output", pattern, [.. warning.Select(l => new LogLineRecord(l.ArrivedUtc, l.Source, l.Text))], $"a warning about the invalid entry in '{name}/{badKey}'", warning.Count > 0));
            if (warning.Count == 0)
            {
                problems.Add($"no warning about the invalid entry was logged (expected a line {pattern})");
            }

            return problems.Count == 0
                ? Verdict.Pass($"{session.Claim.InvalidEntry}: the valid key counted {after.TotalMilliseconds:0} ms after the apply, the CA after the invalid entry was {(skipEntry ? "trusted" : "ignored with its key")}, a CA in no bundle stayed refused, and the warning was logged")
                : Verdict.Fail(string.Join("; ", problems));
        }, cancellationToken);

    private static async Task<(IReadOnlyList<Conformance.Logs.LogLine> Lines, string Pattern)> FindWarningAsync(
        ScenarioContext ctx, TrustBundleSession session, int logsBefore, string name, string key, DateTimeOffset applied, CancellationToken ct)
    {
        Func<string, bool> matches;
        string pattern;
        if (session.Claim.Warning is { } custom)
        {
            var regex = new Regex(custom, RegexOptions.None, TimeSpan.FromSeconds(1));
            matches = regex.IsMatch;
            pattern = $"matching /{custom}/";
        }
        else
        {
            matches = t => t.Contains(name, StringComparison.Ordinal) && t.Contains(key, StringComparison.Ordinal);
            pattern = $"naming both '{name}' and '{key}'";
        }

        // The pickup was seen already (or its budget is spent): the warning gets a short grace to reach the log.
        var deadline = ctx.Time.GetUtcNow() - applied < session.Claim.PickupWithin ? session.Claim.PickupWithin - (ctx.Time.GetUtcNow() - applied) + WarningGrace : WarningGrace;
        var started = ctx.Time.GetTimestamp();
        while (true)
        {
            var lines = ctx.Target.Logs.Skip(logsBefore).Where(l => matches(l.Text)).ToList();
            if (lines.Count > 0 || ctx.Time.GetElapsedTime(started) >= deadline)
            {
                return (lines, pattern);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ctx.Time, ct);
        }
    }
}
