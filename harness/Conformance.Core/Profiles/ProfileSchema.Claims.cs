using Conformance.Schema;

namespace Conformance.Profiles;

/// <summary>The <c>claims</c> section: the promises the scenarios judge.</summary>
public static partial class ProfileSchema
{
    /// <summary>
    /// A claim's keys plus <c>assumed</c>: <c>true</c> (the whole claim) or <c>[key, ...]</c> (those keys only), what the
    /// system's own documents do not say, so a seed profile can quote its document for one key and assume the next.
    /// The list's words are the claim's own keys, taken from <paramref name="fields"/> so a new key is assumable too.
    /// </summary>
    private static ObjectSchema Assumable(IReadOnlyList<SchemaField> fields) => new(
    [
        .. fields,
        new("assumed", new OneOfSchema([new BooleanSchema(), new ListSchema(EnumSchema.Of([.. fields.Select(f => f.Name)]))]),
            "not in the system's own documents: true for the whole claim, or the keys that are; the report lists them as assumptions", "false"),
    ]);

    private static ObjectSchema Claims() => new(
    [
        new("oldPort", new OneOfSchema(
        [
            new EnumSchema(
            [
                new("same", "no HTTP listener remains; the TLS port is the old port", OldPortMode.Same),
                new("closed", "the old HTTP port is gone (needs a plaintext: closed endpoint)", OldPortMode.Closed),
                new("redirect", "the old HTTP port redirects (needs a plaintext: redirect endpoint and claims.redirect)", OldPortMode.Redirect),
            ]),

            // Per endpoint set (Flux: source-controller's HTTP port redirects, notification-controller's is closed):
            // each old HTTP port by its endpoint name; `same` has no old-port endpoint to name, so it stays profile-wide.
            new MapSchema(new EnumSchema(
            [
                new("closed", "this old HTTP port is gone (the endpoint has plaintext: closed)", OldPortMode.Closed),
                new("redirect", "this old HTTP port redirects (the endpoint has plaintext: redirect; needs claims.redirect)", OldPortMode.Redirect),
            ]), PlainNamePattern, "an old HTTP port's endpoint name (plaintext: closed or redirect)", MinEntries: 1),
        ]), "what became of the old HTTP port: one word for the whole profile, or ENDPOINT: closed|redirect for each old HTTP port when endpoint sets differ (PT-02, RD-01)"),
        new("redirect", Assumable(
        [
            new("status", new IntegerSchema(Allowed: [301, 302, 303, 307, 308]), "the redirect status", "301"),
            new("hostMirroring", new BooleanSchema(), "the Location follows the request's Host header by design (RD-04 not applicable)", "false"),
            new("head", new BooleanSchema(), "HEAD gets the same redirect as GET", "true"),
            new("post", new EnumSchema([new("redirect", "the same status as GET"), new("any", "a redirect or a refusal")]), "what POST gets", "redirect"),
        ]), "the plaintext port redirects to HTTPS (RD-01..05)"),
        new("tls", Assumable(
        [
            new("min", new EnumSchema([new("1.2", "TLS 1.2 and later"), new("1.3", "TLS 1.3 only")]), "the lowest TLS version accepted", "1.2"),
            new("alpn", Texts, "the protocols the server must negotiate, e.g. [h2, http/1.1]; absent = TV-03 not applicable", "[]"),
        ]), "TLS versions and ALPN (TV-01..03)"),
        new("sni", Assumable(
        [
            new("unknown", new EnumSchema([new("default", "an unknown name gets the default certificate"), new("refuse", "an unknown name is refused")]), "what an unknown server name gets", "default"),
            new("endpoint", new StringSchema(PlainNamePattern, "endpoint name"), "the TLS endpoint that routes by SNI"),
        ]), "SNI routing (SAN-04)"),
        new("content", new ObjectSchema(
        [
            new("path", new StringSchema("^/", "path"), "the path that serves application content", "/"),
            new("marker", new StringSchema(), "text that only application content contains"),
        ]), "what application content looks like (PT-03, MT-05, RD-05)"),
        new("sameCertificate", Groups, "endpoint groups that serve the same leaf: [a, b] or [[a, b], [c, d]] (SAN-06)"),
        new("sameIssuer", Groups, "endpoint groups whose chains share a CA (SAN-06)"),
        new("secret", Assumable(
        [
            new("invalid", new EnumSchema([new("refuse-start", "a missing, malformed or mismatched secret stops the start")]), "what an invalid secret does", "refuse-start"),
        ]), "secret handling (SV-01..04)"),
        new("reload", Assumable(
        [
            new("mode", new EnumSchema(
            [
                new("hot", "a new certificate is picked up without a restart", ReloadMode.Hot),
                new("restart", "a restart picks it up", ReloadMode.Restart),
                new("none", "the certificate is never reloaded", ReloadMode.None),
            ]), "how a new certificate is picked up", "hot"),
            new("budget", new DurationSchema(), "the new certificate is served within this"),
            new("downtimeBudget", new DurationSchema(), "restart/none: allowed downtime"),
        ]), "certificate rotation (RT-01..05, LG-01/03)"),
        new("trustBundle", Assumable(
        [
            new("invalidEntry", new EnumSchema(
            [
                new(TrustBundleClaim.SkipEntry, "an invalid bundle entry is skipped, the rest kept"),
                new(TrustBundleClaim.SkipKey, "a bundle key with an invalid entry is skipped whole"),
            ]), "what an invalid bundle entry does", Required: true, Example: "invalidEntry: skip-entry"),
            new("via", new StringSchema(), "the endpoint that forwards to the upstream", Required: true, Example: "via: activator"),
            new("upstream", Port, "the upstream's port, when the harness hosts it on loopback (not when the driver hosts it)"),
            new("serverName", new StringSchema(), "the upstream's server name", "data-plane.knative.dev"),
            new("labelValue", new EnumSchema(
            [
                new(TrustBundleClaim.LabelTrue, "a bundle labelled networking.knative.dev/trust-bundle: \"true\" is selected (the Knative document); other values are not judged"),
                new(TrustBundleClaim.LabelAny, "any value of the label key selects a bundle"),
            ]), "which label values select a bundle (TB-01)", "\"true\""),
            new("namespaces", new ListSchema(new StringSchema(DnsLabelPattern, "namespace name"), MinItems: 1), "where the bundle ConfigMaps live (Knative: knative-serving, knative-serving-ingress); the kubernetes target writes each bundle into every one, the process and container targets ignore it (one folder)", "the run's namespace", Example: "namespaces: [knative-serving, knative-serving-ingress]"),
            new("pickupWithin", new DurationSchema(), "a new bundle is used within this", "10s"),
            new("warning", new StringSchema(Form: "regular expression"), "the log line that reports an invalid entry"),
        ]), "trust bundles (TB-01..04, docs/trust-bundles.md)"),
    ]);

    private static SchemaNode Groups { get; } =
        new OneOfSchema([new ListSchema(new StringSchema()), new ListSchema(new ListSchema(new StringSchema()))]);
}
