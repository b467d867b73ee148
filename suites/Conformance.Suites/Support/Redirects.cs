using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Probes;

namespace Conformance.Suites.Support;

/// <summary>Requests to the plaintext redirect endpoint, recorded as evidence. Redirects are never followed.</summary>
internal sealed class Redirects
{
    private Redirects(ScenarioContext ctx, ResolvedEndpoint from, ResolvedEndpoint to)
    {
        Context = ctx;
        From = from;
        To = to;
    }

    public ScenarioContext Context { get; }

    /// <summary>The plaintext endpoint that redirects.</summary>
    public ResolvedEndpoint From { get; }

    /// <summary>The TLS endpoint it must redirect to.</summary>
    public ResolvedEndpoint To { get; }

    /// <summary>The status the profile declares (301 by default).</summary>
    public int DeclaredStatus => Context.Profile.Claims.Redirect?.Status ?? 301;

    /// <summary>The Host header a client of the HTTP port sends: the external host with the HTTP port.</summary>
    public string ClientHost => $"{new Uri(To.ExternalUrl).Host}:{From.Port}";

    public static Redirects? For(ScenarioContext ctx) =>
        ctx.RedirectEndpoint is { } from && ctx.RedirectTarget(from) is { } to ? new Redirects(ctx, from, to) : null;

    public async Task<HttpExchangeEvidence> SendAsync(string method, string target, CancellationToken ct, string? hostHeader = null, string? body = null, IReadOnlyList<HttpHeader>? headers = null)
    {
        var request = new HttpProbeRequest(From.Name, From.Host, From.Port, method, target, hostHeader ?? ClientHost)
        {
            Body = body,
            Headers = headers ?? [],
        };
        return Context.Add(await Context.Http.SendAsync(request, ct));
    }

    /// <summary>The Location a conformant redirect names for this request target.</summary>
    public string Expected(string target) => To.ExternalUrlFor(target);

    /// <summary>
    /// Splits a Location, byte for byte (no Uri normalisation, which would re-encode the path), into its origin
    /// (scheme://authority, null for a relative reference) and its path and query, without the fragment. RD-01 judges
    /// the origin, RD-02 the path and query.
    /// </summary>
    public static (string? Origin, string PathAndQuery) Split(string location)
    {
        var hash = location.IndexOf('#', StringComparison.Ordinal);
        var url = hash < 0 ? location : location[..hash];
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return (null, url);
        }

        var end = url.IndexOfAny(['/', '?'], scheme + 3);
        return end < 0 ? (url, string.Empty) : (url[..end], url[end..]);
    }

    public static string Describe(HttpExchangeEvidence e) =>
        e.Status is null ? $"no response ({e.Error})" : $"{e.Status} {e.ReasonPhrase} with Location {e.Location ?? "(none)"}";
}
