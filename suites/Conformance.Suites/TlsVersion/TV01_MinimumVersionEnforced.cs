using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.TlsVersion;

/// <summary>
/// TV-01: the declared minimum version is enforced, judged with a harness-written ClientHello (not OpenSSL's client
/// policy). Only a floor of TLS 1.3 leaves a version below it that is not legacy (TLS 1.2); below a TLS 1.2 floor lie
/// TLS 1.0 and 1.1, whose refusal is TV-02's, so TV-01 does not judge them again.
/// </summary>
public sealed class TV01_MinimumVersionEnforced : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "TV-01",
        Suite: "tls-version",
        Level: Level.Must,
        Title: "The declared minimum TLS version is enforced",
        Requirement: "The declared minimum version is enforced (TLS 1.2 refused with protocol_version where 1.3-only); TLS 1.0 and 1.1 are TV-02's.",
        Capability: "tls.min",
        NotApplicableBecause: p => p.Claims.Tls is null ? "the profile declares no TLS version floor (claims.tls.min)"
            : p.Claims.Tls.Min != "1.3" ? $"the declared floor is TLS {p.Claims.Tls.Min}: the versions below it are TLS 1.0 and 1.1, which TV-02 judges (legacy versions refused)"
            : Applies.WithTlsEndpoint(p));

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var min = Probes.TlsVersion.Tls13;
        var below = Probes.TlsVersion.Tls12;
        var problems = new List<string>();
        var notes = new List<string>();
        foreach (var ep in ctx.TlsEndpoints)
        {
            var atMin = ctx.Add(await ctx.Versions.OfferAsync(ep.Name, ep.Host, ep.Port, ep.ServerName, min, [], cancellationToken));
            var under = ctx.Add(await ctx.Versions.OfferAsync(ep.Name, ep.Host, ep.Port, ep.ServerName, below, [], cancellationToken));
            if (atMin.Outcome is VersionOutcome.TimedOut or VersionOutcome.ConnectionRefused || under.Outcome is VersionOutcome.TimedOut or VersionOutcome.ConnectionRefused)
            {
                return Verdict.Error($"{ep.Name}: no answer to judge ({atMin.Outcome}, {under.Outcome})");
            }

            // The control: the declared minimum accepted with the same harness-written ClientHello. Without it, a
            // refusal of the version below counts only when the server names the cause (protocol_version).
            var control = atMin.Outcome == VersionOutcome.Accepted ? atMin : await Controls.NewestVersionAsync(ctx, ep, cancellationToken);
            if (atMin.Outcome != VersionOutcome.Accepted && control.Outcome == VersionOutcome.Accepted)
            {
                problems.Add($"{ep.Name}: the declared minimum {atMin.Offered} itself was not accepted ({VersionWords.Describe(atMin)}), though {control.Offered} was");
            }

            if (under.Outcome == VersionOutcome.Accepted)
            {
                problems.Add($"{ep.Name}: {under.Offered}, below the declared minimum, was accepted");
            }
            else if (under.Outcome == VersionOutcome.OtherVersion)
            {
                problems.Add($"{ep.Name}: offered only {under.Offered}, the server answered with {under.Selected} instead of refusing");
            }
            else if (control.Outcome == VersionOutcome.Accepted)
            {
                notes.Add($"{ep.Name}: {under.Offered} refused ({VersionWords.Describe(under)}); control: {control.Offered} accepted with the same ClientHello");
            }
            else if (VersionWords.StatesVersionCause(under))
            {
                notes.Add($"{ep.Name}: {under.Offered} refused with the cause on the wire ({VersionWords.Describe(under)})");
            }
            else
            {
                return Controls.NotServed($"{ep.Name}: {under.Offered} refused ({VersionWords.Describe(under)}), but neither {atMin.Offered} nor the newest version was accepted ({VersionWords.Describe(control)})");
            }
        }

        return problems.Count == 0
            ? Verdict.Pass($"minimum TLS {ctx.Profile.Claims.Tls!.Min} enforced: {string.Join("; ", notes)}")
            : Verdict.Fail(string.Join("; ", problems));
    }
}
