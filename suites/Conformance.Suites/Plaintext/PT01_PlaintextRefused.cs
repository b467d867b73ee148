using Conformance.Engine;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.Plaintext;

/// <summary>PT-01: plaintext HTTP/1.1 sent to the primary TLS port gets no application response; the outcome is classified.</summary>
public sealed class PT01_PlaintextRefused : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "PT-01",
        Suite: "plaintext",
        Level: Level.Must,
        Title: "Plaintext refused on the TLS port",
        Requirement: "Plaintext HTTP/1.1 sent to the primary TLS port gets no application response (any 2xx, or a redirect to http://); the outcome is classified (TLS alert record, 400 \"HTTP request to HTTPS port\", clean close, reset, non-HTTP bytes / HTTP/0.9). An answer carrying the application content is PT-03's; the other TLS endpoints are PT-04's.",
        Capability: "tls",
        NotApplicableBecause: Applies.WithTlsEndpoint);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var tls = ctx.PrimaryTls!;
        var marker = ctx.Profile.Claims.Content?.Marker;
        var evidence = ctx.Add(await ctx.Plaintext.SendAsync(tls.Name, tls.Host, tls.Port, "GET", ApplicationContent.Path(ctx), tls.HostHeader, cancellationToken));
        return await PlaintextJudge.JudgeAsync(ctx, tls, evidence, marker, cancellationToken);
    }
}
