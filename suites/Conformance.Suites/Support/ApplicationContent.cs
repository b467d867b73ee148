using Conformance.Engine;
using Conformance.Probes;

namespace Conformance.Suites.Support;

/// <summary>
/// What the implementation's application content looks like, so plaintext answers can be searched for it: the
/// profile's declared marker, or else the body of the known path fetched over TLS.
/// </summary>
internal static class ApplicationContent
{
    public static string Path(ScenarioContext ctx) => ctx.Profile.Claims.Content?.Path ?? "/";

    /// <summary>The marker to look for, or null when it cannot be learned (the evidence says why).</summary>
    public static async Task<string?> MarkerAsync(ScenarioContext ctx, CancellationToken ct)
    {
        if (ctx.Profile.Claims.Content?.Marker is { Length: > 0 } marker)
        {
            return marker;
        }

        var tls = ctx.PrimaryTls;
        if (tls is null)
        {
            return null;
        }

        var exchange = ctx.Add(await ctx.Http.SendAsync(
            new HttpProbeRequest(tls.Name, tls.Host, tls.Port, "GET", Path(ctx), tls.HostHeader) { Tls = true, ServerName = tls.ServerName }, ct));
        if (exchange.Status is >= 200 and < 300 && exchange.BodySnippet is { } body && body.Trim().Length >= 8)
        {
            var learned = body.Trim();
            learned = learned.Length > 64 ? learned[..64] : learned;
            ctx.Note($"application content learned over TLS from {Path(ctx)}: \"{learned}\"");
            return learned;
        }

        ctx.Note($"could not learn application content over TLS from {Path(ctx)} (status {exchange.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}); declare claims.content.marker");
        return null;
    }

    public static bool Contains(string? body, string marker) =>
        body is not null && body.Contains(marker, StringComparison.Ordinal);
}
