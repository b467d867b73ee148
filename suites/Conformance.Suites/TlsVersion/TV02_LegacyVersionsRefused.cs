using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.TlsVersion;

/// <summary>TV-02: TLS 1.0 and 1.1 are refused, offered one at a time with a harness-written ClientHello.</summary>
public sealed class TV02_LegacyVersionsRefused : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "TV-02",
        Suite: "tls-version",
        Level: Level.Must,
        Title: "TLS 1.0 and 1.1 are refused",
        Requirement: "TLS 1.0 and 1.1 are refused.",
        Capability: "tls",
        NotApplicableBecause: Applies.WithTlsEndpoint);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var refusals = new List<string>();
        foreach (var ep in ctx.TlsEndpoints)
        {
            foreach (var version in new[] { Probes.TlsVersion.Tls10, Probes.TlsVersion.Tls11 })
            {
                var e = ctx.Add(await ctx.Versions.OfferAsync(ep.Name, ep.Host, ep.Port, ep.ServerName, version, [], cancellationToken));
                switch (e.Outcome)
                {
                    case VersionOutcome.TimedOut or VersionOutcome.ConnectionRefused:
                        return Verdict.Error($"{ep.Name}: no answer to a {e.Offered} ClientHello ({VersionWords.Describe(e)})");
                    case VersionOutcome.Accepted:
                        problems.Add($"{ep.Name}: {e.Offered} was accepted ({VersionWords.Describe(e)})");
                        break;
                    case VersionOutcome.OtherVersion:
                        problems.Add($"{ep.Name}: offered only {e.Offered}, the server answered with {e.Selected} instead of refusing");
                        break;
                    case var _ when VersionWords.StatesVersionCause(e):
                        refusals.Add($"{ep.Name} {e.Offered}: {VersionWords.Describe(e)}");
                        break;
                    default:
                        // No cause on the wire: the refusal counts only beside the control, a newer version
                        // accepted with the same harness-written ClientHello.
                        var control = await Controls.NewestVersionAsync(ctx, ep, cancellationToken);
                        if (control.Outcome != VersionOutcome.Accepted)
                        {
                            return Controls.NotServed($"{ep.Name}: {e.Offered} refused ({VersionWords.Describe(e)}), but {control.Offered} was not accepted either ({VersionWords.Describe(control)})");
                        }

                        refusals.Add($"{ep.Name} {e.Offered}: {VersionWords.Describe(e)}; control: {control.Offered} accepted with the same ClientHello");
                        break;
                }
            }
        }

        return problems.Count == 0
            ? Verdict.Pass($"legacy versions refused: {string.Join("; ", refusals)}")
            : Verdict.Fail(string.Join("; ", problems));
    }
}
