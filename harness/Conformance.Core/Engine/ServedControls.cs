using Conformance.Evidence;
using Conformance.Policy;
using Conformance.Probes;
using Conformance.Profiles;

namespace Conformance.Engine;

/// <summary>
/// The positive control of a TLS endpoint, run once per endpoint per run and cached in
/// <see cref="RunEnvironment.Shared"/>: the content path requested over TLS with the declared server name. Scenarios
/// use it so that a refusal passes only beside a served request; the runner uses it so that a target that served
/// nothing at all in the run never reads as non-conformant (its fails are errors: the target, not a property, failed).
/// </summary>
public static class ServedControls
{
    /// <summary>The control of one TLS endpoint (cached; a control cut short by cancellation is run again).</summary>
    public static Task<ServedControl> TlsAsync(RunEnvironment env, ResolvedEndpoint tls, HandshakeProbe probe, CancellationToken ct) =>
        Cached(env, $"control:tls:{tls.Name}", () => RunAsync(env, tls, probe, ct));

    /// <summary>
    /// A control's result shared by the whole run under <paramref name="key"/>: run once, reused by every scenario; a
    /// control cut short by an earlier scenario's cancellation is run again, not reused.
    /// </summary>
    public static Task<T> Cached<T>(RunEnvironment env, string key, Func<Task<T>> run) =>
        (Task<T>)env.Shared.AddOrUpdate(key, _ => run(), (_, old) => old is Task<T> { IsCanceled: false, IsFaulted: false } t ? t : run());

    /// <summary>Why the target served nothing (no TLS endpoint answered its control), or null when one did.</summary>
    public static async Task<string?> NothingServedAsync(RunEnvironment env, HandshakeProbe probe, CancellationToken ct)
    {
        var words = new List<string>();
        foreach (var tls in env.Endpoints.Where(e => e.Spec.IsTls))
        {
            var control = await TlsAsync(env, tls, probe, ct);
            if (control.Answered)
            {
                return null;
            }

            words.Add($"{tls.Name}: {control.Words}");
        }

        return words.Count == 0 ? null : $"the target served nothing over TLS in this run, so what needs its answers is undecided ({string.Join("; ", words)})";
    }

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

    private static async Task<ServedControl> RunAsync(RunEnvironment env, ResolvedEndpoint tls, HandshakeProbe probe, CancellationToken ct)
    {
        var sni = tls.ServerName is null || System.Net.IPAddress.TryParse(tls.ServerName, out _) ? null : tls.ServerName;
        var identity = env.ClientCertificates.TryGetValue(tls.Name, out var set) ? set.Valid : null;
        var request = new HandshakeRequest(tls.Name, tls.Host, tls.Port, sni)
        {
            // The client a mutual-TLS endpoint serves: its valid identity, when one is known.
            ClientCertificate = identity?.Certificate,
            ClientIntermediates = identity?.Intermediates ?? [],
            // HTTP/1.1 with Connection: close ends at once; the HTTP/2 preface is offered only to an h2-only endpoint,
            // whose answer (SETTINGS) is read until the deadline.
            Alpn = env.Profile.Claims.Tls?.Alpn is { Count: > 0 } alpn && !alpn.Contains("http/1.1") ? alpn : [],
            RequestPathAfterHandshake = env.Profile.Claims.Content?.Path ?? "/",
        };
        using var result = await probe.ConnectAsync(request, ct);
        return Judge(tls, result, identity is null ? null : set!.Source);
    }
}
