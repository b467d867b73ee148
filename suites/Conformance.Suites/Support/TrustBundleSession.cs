using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Inputs;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Probes;
using Conformance.Profiles;
using Conformance.Targets;
using Conformance.TrustBundles;
using ConfigMapBundle = Conformance.TrustBundles.TrustBundle;

namespace Conformance.Suites.Support;

/// <summary>
/// What the TB scenarios share: the harness's upstream on the claim's port, requests through the claim's endpoint,
/// CAs made for the scenario alone (so nothing a previous scenario trusted can help), bundles applied and deleted
/// through the target's actions with their contents in the evidence (names, labels, keys, certificate subjects and
/// SHA-256 thumbprints — never keys), and bounded polls for pickup. Disposing deletes every bundle it applied, stops
/// the upstream and records every request's outcome and time.
/// </summary>
internal sealed partial class TrustBundleSession : IAsyncDisposable
{
    private const string Namespace = "conformance";
    private readonly ScenarioContext _ctx;
    private readonly ITargetActions _actions;
    private readonly List<IDisposable> _owned = [];
    private readonly HashSet<string> _applied = new(StringComparer.Ordinal);
    private readonly List<UpstreamCall> _calls = [];
    private readonly DateTimeOffset _opened;

    private TrustBundleSession(ScenarioContext ctx, TrustBundleClaim claim, ITargetActions actions, ActivatorClient client, string nonce)
    {
        _ctx = ctx;
        Claim = claim;
        _actions = actions;
        Client = client;
        Nonce = nonce;
        _opened = ctx.Time.GetUtcNow();
    }

    public TrustBundleClaim Claim { get; }

    public ActivatorClient Client { get; }

    /// <summary>A seeded word that makes this scenario's names its own.</summary>
    public string Nonce { get; }

    /// <summary>Requests sent so far.</summary>
    public IReadOnlyList<UpstreamCall> Calls => _calls;

    /// <summary>The claim TB-01..04 need, asked before the target's capabilities (<see cref="TargetCapability.WriteTrustBundles"/>).</summary>
    public static string? Claimed(Profile p) =>
        p.Claims.TrustBundle is null ? "the profile claims no trust-bundle handling (claims.trustBundle)" : null;

    /// <summary>Starts the upstream and resolves the forwarding endpoint; a verdict instead when that cannot be done.</summary>
    public static async Task<(TrustBundleSession? Session, Verdict? Stop)> OpenAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var claim = ctx.Profile.Claims.TrustBundle!;
        if (ctx.Actions is not { } actions)
        {
            return (null, Verdict.NotApplicable("the harness cannot act on this target, so it cannot apply trust bundles"));
        }

        if (ctx.Endpoint(claim.Via) is not { } via)
        {
            return (null, Verdict.Error($"claims.trustBundle.via names '{claim.Via}', which is not an endpoint of this run"));
        }

        var nonce = ctx.Random.Label();
        var marker = $"conformance-upstream-{nonce}";
        ITrustUpstream upstream;
        if (ctx.Upstreams is { } provided)
        {
            upstream = await provided.OpenUpstreamAsync(marker, cancellationToken);
        }
        else
        {
            int port;
            try
            {
                var text = claim.Upstream is { } u ? ctx.Resolve(u) : throw new FormatException("no port is given, and this target provides no upstream of its own");
                port = int.TryParse(text, out var p) && p is >= 1 and <= 65535 ? p : throw new FormatException($"'{text}' is not a port number");
            }
            catch (Exception e) when (e is PlaceholderException or FormatException)
            {
                return (null, Verdict.Error($"claims.trustBundle.upstream: {e.Message}"));
            }

            try
            {
                upstream = UpstreamTlsServer.Start(port, marker, ctx.Time);
            }
            catch (SocketException e)
            {
                return (null, Verdict.Error($"cannot bind the harness's upstream on 127.0.0.1:{port}: {e.Message}"));
            }
        }

        var template = new HttpProbeRequest(via.Name, via.Host, via.Port, "GET", "/", via.HostHeader) { Tls = via.Spec.IsTls, ServerName = via.ServerName };
        var session = new TrustBundleSession(ctx, claim, actions, new ActivatorClient(ctx.Http, template, upstream), nonce);
        ctx.Note($"upstream: TLS 1.3 at {upstream.Address}{(upstream.LeafKey is null ? string.Empty : " (a pod the harness deployed; it keeps its own key, the harness issues its certificates)")}, presenting certificates for {claim.ServerName} issued by CAs made for this scenario; requests go through endpoint '{via.Name}' ({(via.Spec.IsTls ? "https" : "http")}://{via.Host}:{via.Port}); pickup budget {Durations.Format(claim.PickupWithin)}");
        return (session, null);
    }

    /// <summary>
    /// Opens a session, runs <paramref name="body"/> in it and disposes it (deleting its bundles): what every TB scenario
    /// does around its own steps. A session that cannot open gives its verdict instead.
    /// </summary>
    public static async Task<Verdict> RunAsync(ScenarioContext ctx, Func<TrustBundleSession, Task<Verdict>> body, CancellationToken cancellationToken)
    {
        var (session, stop) = await OpenAsync(ctx, cancellationToken);
        if (session is null)
        {
            return stop!;
        }

        await using (session)
        {
            return await body(session);
        }
    }

    /// <summary>The ScenarioInfo every TB scenario shares but for its ID, title and requirement.</summary>
    public static ScenarioInfo Info(string id, string title, string requirement) =>
        new(Id: id, Suite: "trust-bundle", Level: Level.Must, Title: title, Requirement: requirement, Capability: "trustBundle", NotApplicableBecause: _ => null)
        {
            ActsOnTarget = true,
            NotClaimedBecause = Claimed,
            Requires = TargetCapability.WriteTrustBundles,
            RequiresFor = "applying trust bundles (ConfigMap manifests in a folder, or labelled ConfigMaps)",
        };

    /// <summary>A root CA made for this scenario, and a leaf it issued for the claim's server name (and Knative's other internal names).</summary>
    public (CertificateAuthority Ca, IssuedCertificate Leaf) NewCa(string label)
    {
        var ca = CertificateAuthority.CreateRoot($"Conformance trust bundle {label} {Nonce}", time: _ctx.Time);
        _owned.Add(ca);
        return (ca, Leaf(ca, Claim.ServerName, [Claim.ServerName, .. KnativeNames]));
    }

    /// <summary>
    /// A leaf from <paramref name="ca"/> that carries Knative's other internal names and one of its own, but not the
    /// claim's server name (neither as a SAN nor as its CN): the certificate an activator verifying that name must
    /// refuse although its CA is trusted (TB-04).
    /// </summary>
    public (IssuedCertificate Leaf, string Name) NewLeafWithoutServerName(CertificateAuthority ca)
    {
        var other = $"conformance-wrong-name-{Nonce}.invalid";
        var names = KnativeNames.Where(n => !n.Equals(Claim.ServerName, StringComparison.OrdinalIgnoreCase)).Append(other);
        return (Leaf(ca, other, names), other);
    }

    /// <summary>The names Knative's data-plane certificates carry besides the one the claim verifies.</summary>
    private static string[] KnativeNames => ["data-plane.knative.dev", "kn-routing", $"kn-user-{Namespace}"];

    private IssuedCertificate Leaf(CertificateAuthority ca, string commonName, IEnumerable<string> names)
    {
        var spec = new LeafSpecBuilder().WithCommonName(commonName).WithDnsNames(names.Distinct(StringComparer.OrdinalIgnoreCase)).Build();
        var leaf = Client.Upstream.LeafKey is { } key ? ca.IssueFor(spec, key) : ca.Issue(spec);
        _owned.Add(leaf);
        return leaf;
    }

    public static string Pem(CertificateAuthority ca) => PemWriter.CertificatesPem([ca.Certificate]);

    /// <summary>A well-formed PEM block whose content is not a certificate: what TB-02 calls an invalid entry.</summary>
    public static string InvalidEntry =>
        "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String("this entry is not a DER certificate"u8) + "\n-----END CERTIFICATE-----\n";

    public static ConfigMapBundle Bundle(string name, string labelValue, IReadOnlyDictionary<string, string> data) =>
        new(name, new Dictionary<string, string> { [ConfigMapBundle.LabelKey] = labelValue, ["app.kubernetes.io/part-of"] = "conformance" }, data);

    /// <summary>Creates or replaces the bundle on the target; records what it holds and when.</summary>
    public async Task<DateTimeOffset> ApplyAsync(ConfigMapBundle bundle, string why, CancellationToken cancellationToken)
    {
        var started = _ctx.Time.GetTimestamp();
        var at = _ctx.Time.GetUtcNow();
        await _actions.ApplyTrustBundleAsync(bundle, cancellationToken);
        _applied.Add(bundle.Name);
        _ctx.Add(new ActionEvidence("apply trust bundle", $"{why}: {Describe(bundle)}", at, _ctx.Time.GetElapsedTime(started).TotalMilliseconds));
        return at;
    }

    public async Task<DateTimeOffset> DeleteAsync(string name, string why, CancellationToken cancellationToken)
    {
        var started = _ctx.Time.GetTimestamp();
        var at = _ctx.Time.GetUtcNow();
        await _actions.DeleteTrustBundleAsync(name, cancellationToken);
        _applied.Remove(name);
        _ctx.Add(new ActionEvidence("delete trust bundle", $"{why}: ConfigMap {name}", at, _ctx.Time.GetElapsedTime(started).TotalMilliseconds));
        return at;
    }

    /// <summary>One request through the implementation while the upstream presents <paramref name="leaf"/>.</summary>
    public async Task<UpstreamCall> CallAsync(IssuedCertificate leaf, string label, CancellationToken cancellationToken)
    {
        var call = await Client.CallAsync(leaf, label, cancellationToken);
        _calls.Add(call);
        return call;
    }

    /// <summary>
    /// Sends one round of requests (one per certificate, in order) every 100 ms until <paramref name="done"/> holds for a
    /// round or <see cref="TrustBundleClaim.PickupWithin"/> has passed since <paramref name="since"/>. Returns the last
    /// round and whether it satisfied the condition.
    /// </summary>
    public async Task<(bool Held, IReadOnlyList<UpstreamCall> Round, TimeSpan After)> PollAsync(
        DateTimeOffset since, IReadOnlyList<(IssuedCertificate Leaf, string Label)> certificates, Func<IReadOnlyList<UpstreamCall>, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            var round = new List<UpstreamCall>();
            foreach (var (leaf, label) in certificates)
            {
                round.Add(await CallAsync(leaf, label, cancellationToken));
            }

            var after = _ctx.Time.GetUtcNow() - since;
            if (done(round))
            {
                return (true, round, after);
            }

            if (after >= Claim.PickupWithin)
            {
                return (false, round, after);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), _ctx.Time, cancellationToken);
        }
    }

    /// <summary>The round's calls that say nothing about trust (unreached upstream, a foreign answer), as one line; null when none.</summary>
    public string? Undecided(IEnumerable<UpstreamCall> round)
    {
        var bad = round.Where(c => c.Outcome is UpstreamOutcome.Unreached or UpstreamOutcome.Unexpected).ToList();
        return bad.Count == 0
            ? null
            : string.Join("; ", bad.Select(c => c.Outcome == UpstreamOutcome.Unreached
                ? $"the request for certificate {c.Certificate} never reached the harness's upstream ({Answer(c)}): is the implementation calling {Client.Upstream.Address}?"
                : $"the request for certificate {c.Certificate} got a 200 that did not come from the harness's upstream"));
    }

    // What the implementation said about the failed call ("activator: upstream unreachable: Connection refused"), so
    // the reason tells a wrong address from an upstream that was down; bounded to one short line.
    private static string Answer(UpstreamCall c)
    {
        if (c.Exchange.Status is not { } status)
        {
            return c.Exchange.Error ?? "no answer";
        }

        var body = c.Exchange.BodySnippet?.Trim().ReplaceLineEndings(" ");
        return body is { Length: > 0 } ? $"HTTP {status}: {(body.Length > 160 ? body[..160] + "…" : body)}" : $"HTTP {status}";
    }

    /// <summary>Records a request's full exchange (the deciding ones, not every poll).</summary>
    public void Keep(UpstreamCall call) => _ctx.Add(call.Exchange);

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _applied.ToList())
        {
            try
            {
                await DeleteAsync(name, "cleanup", CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or TargetException or NotSupportedException)
            {
                _ctx.Note($"cleanup: could not delete trust bundle {name}: {e.Message}");
            }
        }

        if (_calls.Count > 0)
        {
            _ctx.Note($"requests through '{Claim.Via}' ({_calls.Count}), time after the scenario's start:\n" + string.Join("\n", _calls.Select(c => c.Describe(_opened))));
        }

        try
        {
            var connections = await Client.Upstream.ConnectionsAsync(CancellationToken.None);
            var sni = connections.Select(c => c.ServerName ?? "(none)").Distinct().ToList();
            if (sni.Count > 0)
            {
                _ctx.Note($"the upstream saw {connections.Count} connections (one per request); SNI sent: {string.Join(", ", sni)}");
            }
        }
        catch (TargetException e)
        {
            _ctx.Note($"cleanup: could not read the upstream's connection records: {e.Message}");
        }

        await Client.Upstream.DisposeAsync();
        foreach (var d in _owned)
        {
            d.Dispose();
        }
    }

    /// <summary>A bundle in words: name, labels, and per data key each PEM entry's subject and SHA-256 thumbprint, or that it is invalid.</summary>
    public static string Describe(ConfigMapBundle bundle)
    {
        var labels = string.Join(", ", bundle.Labels.Select(kv => $"{kv.Key}={kv.Value}"));
        var keys = bundle.Data.Select(kv => $"'{kv.Key}': [{string.Join("; ", Entries(kv.Value))}]");
        return $"ConfigMap {bundle.Name}, labels {{{labels}}}, data {{{string.Join(", ", keys)}}}";
    }

    private static IEnumerable<string> Entries(string pem)
    {
        foreach (Match m in PemBlock().Matches(pem))
        {
            string text;
            try
            {
                using var cert = X509Certificate2.CreateFromPem(m.Value);
                text = $"{cert.Subject} sha256 {cert.GetCertHashString(HashAlgorithmName.SHA256)}";
            }
            catch (CryptographicException)
            {
                text = "invalid entry (not a certificate)";
            }

            yield return text;
        }
    }

    [GeneratedRegex(@"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", RegexOptions.Singleline)]
    private static partial Regex PemBlock();
}
