using Conformance.Evidence;
using Conformance.Pki;
using Conformance.Policy;
using Conformance.Probes;
using Conformance.Profiles;

namespace Conformance.Engine;

/// <summary>
/// The positive control of a TLS endpoint: the content path requested over TLS with the declared server name, run
/// once per endpoint per run (<see cref="ServedControlCache"/>). Scenarios use it so that a refusal passes only beside
/// a served request; the runner uses it so that a target that served nothing at all in the run never reads as
/// non-conformant (its fails are errors: the target, not a property, failed).
/// </summary>
public static class ServedControls
{
    /// <summary>
    /// Judges one handshake as a control: whether the port answered and the certificate names the server name.
    /// <paramref name="presented"/> names the valid client identity the request carried (null: none).
    /// </summary>
    public static ServedControl Judge(ResolvedEndpoint endpoint, HandshakeResult result, string? presented = null)
    {
        var e = result.Evidence;
        var name = (endpoint.ServerName ?? endpoint.Host).TrimEnd('.');
        var nameValidates = result.Leaf is { } leaf && HostnameMatcher.Match(leaf, name).Matched;
        var http = result.HttpStatus is not null || (e.Alpn == "h2" && e.Outcome == HandshakeOutcome.Accepted && e.Detail == "h2: server SETTINGS received");
        // An endpoint that requires client certificates, asked without one because no valid client identity is known
        // for it, refuses the request: its certificate, or an alert that names the missing client certificate, is then
        // the only answer there is. With the valid identity presented only an HTTP answer counts, or a server that
        // refuses everything would read as served.
        var clientCertRefusal = presented is null
            && endpoint.Spec.ClientAuth == ClientAuth.Required
            && e.Outcome is HandshakeOutcome.RefusedInHandshake or HandshakeOutcome.RefusedAfterHandshake
            && (result.Leaf is not null || e.Alert?.Code is 40 or 42 or 116);
        var answered = http || clientCertRefusal;
        var with = presented is null ? string.Empty : $" with the valid client certificate ({presented})";
        var words = (answered, nameValidates) switch
        {
            _ when clientCertRefusal => $"TLS refused the request without a client certificate as declared ({HandshakeWords.Describe(e)}){(nameValidates ? $", with a certificate naming {name}" : string.Empty)}; no valid client identity is known for {endpoint.Name} (endpoints.{endpoint.Name}.client.cert), so that refusal is the only answer to take",
            (true, true) => $"the same request over TLS{with} was answered ({(result.HttpStatus is { } s ? $"HTTP {s}" : "HTTP/2 SETTINGS")}) with a certificate naming {name}",
            (true, false) => $"the same request over TLS{with} was answered, but the served certificate does not name {name}",
            _ when result.Leaf is not null => $"TLS served a certificate{(nameValidates ? $" naming {name}" : string.Empty)} but no answer to the request{with} ({HandshakeWords.Describe(e)})",
            _ => $"the same request over TLS{with} was not served ({HandshakeWords.Describe(e)})",
        };
        return new ServedControl(endpoint.Name, e, answered, nameValidates, words);
    }

    /// <summary>Runs the control of one TLS endpoint, with its valid client identity when one is known.</summary>
    internal static async Task<ServedControl> RunAsync(Profile profile, IReadOnlyDictionary<string, EndpointClientCertificates> clients, ResolvedEndpoint tls, HandshakeProbe probe, CancellationToken ct)
    {
        var sni = tls.ServerName is null || System.Net.IPAddress.TryParse(tls.ServerName, out _) ? null : tls.ServerName;
        var identity = clients.TryGetValue(tls.Name, out var set) ? set.Valid : null;
        var request = new HandshakeRequest(tls.Name, tls.Host, tls.Port, sni)
        {
            // The client a mutual-TLS endpoint serves: its valid identity, when one is known.
            ClientCertificate = identity?.Certificate,
            ClientIntermediates = identity?.Intermediates ?? [],
            // HTTP/1.1 with Connection: close ends at once; the HTTP/2 preface is offered only to an h2-only endpoint,
            // whose answer (SETTINGS) is read until the deadline.
            Alpn = profile.Claims.Tls?.Alpn is { Count: > 0 } alpn && !alpn.Contains("http/1.1") ? alpn : [],
            RequestPathAfterHandshake = profile.Claims.Content?.Path ?? "/",
        };
        using var result = await probe.ConnectAsync(request, ct);
        return Judge(tls, result, identity is null ? null : set!.Source);
    }
}
