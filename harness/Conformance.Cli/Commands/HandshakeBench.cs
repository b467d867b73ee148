using System.Globalization;
using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Probes;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>conformance bench --handshakes</c>: the median time of one handshake probe (full TLS handshake, chain captured,
/// no resumption) and of one version probe (a harness-written ClientHello and the server's first record) against the
/// reference implementation on loopback. Target from issue 4: ≤ 5 ms per handshake probe, i.e. at least as fast as
/// <c>openssl s_time -new</c> (about 320 handshakes per second here).
/// </summary>
internal static class HandshakeBench
{
    public const double TargetMs = 5;

    public static async Task RunAsync(TextWriter output, string profilePath, int count, CancellationToken ct)
    {
        var profile = ProfileLoader.Load(profilePath);
        await using var env = RunEnvironment.Prepare(profile, TimeProvider.System);
        await env.Target.StartAsync(ct);
        var ep = env.Endpoints.First(e => e.Spec.IsTls);
        var handshake = new HandshakeProbe(new ProbeOptions(), TimeProvider.System);
        var version = new VersionProbe(new ProbeOptions(), TimeProvider.System);

        // Warm-up: JIT and the server's first connections are not what is measured.
        for (var i = 0; i < 100; i++)
        {
            using var _ = await handshake.ConnectAsync(new HandshakeRequest(ep.Name, ep.Host, ep.Port, ep.ServerName), ct);
        }

        var hs = new List<double>(count);
        var accepted = 0;
        for (var i = 0; i < count; i++)
        {
            using var r = await handshake.ConnectAsync(new HandshakeRequest(ep.Name, ep.Host, ep.Port, ep.ServerName), ct);
            hs.Add(r.Evidence.ElapsedMs);
            accepted += r.Evidence.Outcome == HandshakeOutcome.Accepted ? 1 : 0;
        }

        var vs = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var v = await version.OfferAsync(ep.Name, ep.Host, ep.Port, ep.ServerName, TlsVersion.Tls13, [], ct);
            vs.Add(v.ElapsedMs);
        }

        await env.Target.StopAsync(ct);
        var median = Median(hs);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench --handshakes: {count} probes each against {profile.Name} ({ep.Host}:{ep.Port})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  handshake probe: median {median:0.00} ms, p90 {Percentile(hs, 0.9):0.00} ms, {accepted}/{count} accepted — target ≤ {TargetMs} ms: {(median <= TargetMs ? "met" : "NOT met")}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  version probe (TLS 1.3 ClientHello → first record): median {Median(vs):0.00} ms, p90 {Percentile(vs, 0.9):0.00} ms"));
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
    }
}
