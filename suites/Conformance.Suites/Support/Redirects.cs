using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
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

    /// <summary>True when <paramref name="e"/> is a redirect at all: a 3xx status with a Location.</summary>
    public static bool IsRedirect(HttpExchangeEvidence e) => e.Status is >= 300 and < 400 && e.Location is not null;

    /// <summary>
    /// The deferral when the HTTP port answered <paramref name="e"/> with something other than a redirect that carries
    /// the application content: serving content over plaintext is PT-03's fault, so a redirect scenario that would only
    /// repeat it is not applicable. Null when <paramref name="e"/> is a redirect or carries no content the harness knows.
    /// </summary>
    public static async Task<Verdict?> ContentInsteadOfRedirectAsync(ScenarioContext ctx, HttpExchangeEvidence e, CancellationToken ct)
    {
        if (e.Status is null || IsRedirect(e))
        {
            return null;
        }

        var marker = await ApplicationContent.MarkerAsync(ctx, ct);
        return marker is not null && ApplicationContent.Contains(e.BodySnippet, marker)
            ? Verdict.NotApplicable($"the HTTP port answered {e.Method} {e.RequestTarget} with {Describe(e)} carrying the application content instead of a redirect (PT-03 judges application content over plaintext)")
            : null;
    }

    public static string Describe(HttpExchangeEvidence e) =>
        e.Status is null ? $"no response ({e.Error})" : $"{e.Status} {e.ReasonPhrase} with Location {e.Location ?? "(none)"}";
}
