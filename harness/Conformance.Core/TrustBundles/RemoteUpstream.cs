using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Conformance.Model;
using Conformance.Pki;

namespace Conformance.TrustBundles;

/// <summary>
/// The upstream as a pod the harness deployed in the implementation's cluster (the reference server's
/// <c>--mode upstream</c>), controlled over its plain-HTTP admin API through a port-forward. The pod makes its own key
/// and only ever hands out the public half, so the harness issues leaves for that key (<see cref="LeafKey"/>) and sends
/// certificates, never keys. Connections are counted from when this session opened, so an earlier scenario's records
/// do not leak into this one. Each admin call is bounded and never retried: a failure is a harness error
/// (<see cref="TargetException"/>), which the runner reports as <c>error</c>.
/// </summary>
public sealed class RemoteUpstream : ITrustUpstream
{
    private static readonly TimeSpan CallBudget = TimeSpan.FromSeconds(10);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;
    private readonly string _marker;
    private readonly int _from;

    private RemoteUpstream(HttpClient http, string address, string marker, PublicKey key, int from)
    {
        _http = http;
        Address = address;
        _marker = marker;
        LeafKey = key;
        _from = from;
    }

    public string Address { get; }

    public PublicKey? LeafKey { get; }

    /// <summary>Reads the pod's public key and where its connection records stand now.</summary>
    /// <param name="admin">The admin API's base address (a local port-forward).</param>
    /// <param name="address">What the implementation calls, in words.</param>
    /// <param name="marker">Put in every answer body, so answers from this session are told from anything else.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public static async Task<RemoteUpstream> OpenAsync(Uri admin, string address, string marker, CancellationToken cancellationToken)
    {
        var http = new HttpClient { BaseAddress = admin, Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            var key = await Call(http, "reading the upstream pod's public key", async ct =>
            {
                var body = await http.GetFromJsonAsync<KeyBody>("/upstream/key", Json, ct);
                return ParseKey(body?.PublicKeyPem);
            }, cancellationToken);
            var state = await Call(http, "reading the upstream pod's connection records", ct => http.GetFromJsonAsync<StateBody>("/upstream/connections?from=0", Json, ct), cancellationToken);
            return new RemoteUpstream(http, address, marker, key, state?.Total ?? 0);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public string BodyFor(string label) => $"{_marker} certificate={label}";

    public Task ServeAsync(IssuedCertificate certificate, string label, CancellationToken cancellationToken) =>
        Call(_http, $"giving the upstream pod certificate {label}", async ct =>
        {
            var chain = PemWriter.CertificatesPem(certificate.ServedChain);
            using var response = await _http.PutAsJsonAsync("/upstream/certificate", new CertificateBody(label, _marker, chain), Json, ct);
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                throw new TargetException($"the upstream pod refused certificate {label}: HTTP {(int)response.StatusCode} {text.Trim().ReplaceLineEndings(" ")}");
            }

            return true;
        }, cancellationToken);

    public async Task<int> PresentedAsync(CancellationToken cancellationToken) =>
        (await State(int.MaxValue, cancellationToken)).Presented;

    public async Task<IReadOnlyList<UpstreamConnection>> ConnectionsAsync(CancellationToken cancellationToken) =>
        [.. (await State(_from, cancellationToken)).Connections.Select(c => new UpstreamConnection(c.At, c.Label ?? "(none)", c.ServerName, c.Handshake, c.Error))];

    public ValueTask DisposeAsync()
    {
        // The pod belongs to the target (it is deleted with the run's namespace); only this session's client ends here.
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private static PublicKey ParseKey(string? pem)
    {
        if (pem is null || !PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] != "PUBLIC KEY")
        {
            throw new TargetException("the upstream pod's /upstream/key gave no PUBLIC KEY PEM block");
        }

        try
        {
            return PublicKey.CreateFromSubjectPublicKeyInfo(Convert.FromBase64String(pem[fields.Base64Data]), out _);
        }
        catch (CryptographicException e)
        {
            throw new TargetException($"the upstream pod's public key does not parse: {e.Message}", e);
        }
    }

    private static async Task<T> Call<T>(HttpClient http, string doing, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(CallBudget);
        try
        {
            return await call(budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TargetException($"{doing}: no answer from {http.BaseAddress} within {CallBudget.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException)
        {
            throw new TargetException($"{doing} ({http.BaseAddress}): {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    private async Task<StateBody> State(int from, CancellationToken cancellationToken) =>
        await Call(_http, "reading the upstream pod's connection records", ct => _http.GetFromJsonAsync<StateBody>($"/upstream/connections?from={from.ToString(CultureInfo.InvariantCulture)}", Json, ct), cancellationToken)
        ?? throw new TargetException("the upstream pod's /upstream/connections answered null");

    private sealed record KeyBody(string? PublicKeyPem);

    private sealed record CertificateBody(string Label, string Marker, string ChainPem);

    private sealed record StateBody(int Presented, int Total, IReadOnlyList<ConnectionBody> Connections);

    private sealed record ConnectionBody(DateTimeOffset At, string? Label, string? ServerName, bool Handshake, string? Error);
}
