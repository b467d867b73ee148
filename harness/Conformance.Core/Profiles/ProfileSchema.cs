using Conformance.Pki;
using Conformance.Schema;

namespace Conformance.Profiles;

/// <summary>
/// Every key a profile may hold, its type, allowed words, default and meaning, written once: the reader checks keys,
/// types, words and required keys against it, and schemas/profile.schema.json and docs/profile-reference.md are
/// generated from it (<c>conformance profiles schema</c>).
/// </summary>
public static partial class ProfileSchema
{
    public const string NamePattern = @"^[A-Za-z0-9][A-Za-z0-9_.\-]*$";
    public const string PlainNamePattern = @"^[A-Za-z0-9_.\-]+$";
    public const string EnvNamePattern = @"^[A-Za-z_][A-Za-z0-9_]*$";
    public const string PlaceholderPattern = @"^\{[a-z]+(?::[A-Za-z0-9_.\-]+)+\}$";
    public const string ScenarioIdPattern = @"^[A-Z]{2,3}-\d{2}$";
    public const string DnsLabelPattern = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

    /// <summary>A port: a number 1-65535, or a placeholder such as <c>{port:https}</c> the harness allocates.</summary>
    internal static SchemaNode Port { get; } = new OneOfSchema([new IntegerSchema(1, 65535), new StringSchema(PlaceholderPattern, "placeholder")]);

    internal static SchemaNode Texts { get; } = new ListSchema(new StringSchema());

    /// <summary>The profile schema; <paramref name="kinds"/> are the registered target drivers' names, in registry order.</summary>
    public static ObjectSchema Create(IReadOnlyList<string> kinds) => new(
    [
        new(ProfileOverlay.Key, new StringSchema(), "this profile is an overlay of the base profile FILE (relative to this file): maps merge key by key, lists and scalars replace, `key: ~` deletes a base key"),
        new("apiVersion", new EnumSchema([new("conformance/v1", "the profile format this harness reads")]), "the profile format version", Required: true, Example: "apiVersion: conformance/v1"),
        new("name", new StringSchema(NamePattern, "name"), "letters, digits, '.', '_', '-'; names the run and the report", Required: true, Example: "name: my-server"),
        new("description", new StringSchema(), "one line shown in the report"),
        new("target", Target(kinds), "where the implementation is and how the harness runs it", Required: true, Example: "target: { kind: process, command: ... }"),
        new("endpoints", new MapSchema(Endpoint(), PlainNamePattern, "an endpoint name", MinEntries: 1), "the ports judged, at least one, by name", Required: true, Example: "endpoints: { https: { port: \"{port:https}\" } }"),
        new("pki", Pki(), "the certificates the harness issues, and the names judged"),
        new("claims", Claims(), "the promises made; a scenario whose claim is absent is not-applicable"),
        new("mutant", Mutant(), "only in fixtures/profiles/mutants/: the scenarios this deliberately broken profile must fail"),
        new("logs", new ObjectSchema([new("catalog", new StringSchema(), "the log catalog file the logs suite judges, relative to the profile", Required: true, Example: "catalog: ../logs/queue-proxy.yaml")]), "the log catalog the logs suite judges (docs/logs.md)"),
        new("load", new ObjectSchema(
        [
            new("requests", new IntegerSchema(LoadRequestsMin, LoadRequestsMax), "requests each rotation scenario puts through the target around one rotation (RT-01 and RT-02 this many, RT-03 half, RT-05 a quarter, never fewer than 2000); fewer is faster and samples the rotation more thinly", "20000", Example: "requests: 20000"),
        ]), "the harness's load around a rotation (a run option, not a claim)"),
    ]);

    /// <summary>The fewest requests <c>load.requests</c> may ask for: below it a rotation is sampled too thinly to judge.</summary>
    public const int LoadRequestsMin = 1_000;

    public const int LoadRequestsMax = 1_000_000;

    private static ObjectSchema Endpoint() => new(
    [
        new("port", Port, "a number, or \"{port:NAME}\" (a free loopback port the harness allocates; on an endpoint target give the real number)", Required: true, Example: "port: \"{port:<entry>}\""),
        new("serverName", new StringSchema(), "the SNI sent and the Host header; may end with a dot", "none (no SNI; target.host in the Host header)"),
        new("externalUrl", new StringSchema("^[Hh][Tt][Tt][Pp][Ss]://", "https:// URL"), "the https:// URL clients use: RD-01 compares the redirect's Location with it, RD-05 follows it"),
        new("trust", new ListSchema(new StringSchema(), AllowScalar: true), "how the harness verifies the server: CA file(s), a bundle folder, {pki:ca} (the harness's CA) or self (the served leaf itself)", "{pki:ca}"),
        new("certificate", new StringSchema(PlainNamePattern, "certificate name"), "the pki.certificates entry this endpoint serves (its names, usage and files {pki:cert:NAME}/{pki:key:NAME}); SAN-01/SAN-03 judge the endpoint against that certificate's names, SAN-02 generates its undeclared names from them", "the default leaf (pki.serverNames, pki.ipAddresses)"),
        new("clientAuth", new EnumSchema(
        [
            new("none", "no client certificate is asked for", ClientAuth.None),
            new("optional", "MT-05 judged, MT-01..04 reported, not judged", ClientAuth.Optional),
            new("required", "MT-01..04 judge refusals, MT-05 a valid certificate", ClientAuth.Required),
        ]), "whether the endpoint asks for a client certificate", "none"),
        new("rejectAs", new ListSchema(new EnumSchema(
        [
            new("refused-in-handshake", "the TLS handshake fails"),
            new("refused-after-handshake", "the connection ends right after the handshake"),
            new("refused-by-application", "an HTTP 4xx answer"),
            new("closed-cleanly", "the connection is closed without an answer"),
            new("reset", "the connection is reset"),
            new("non-tls-answer", "the answer is not TLS"),
            new("timed-out", "no answer in time"),
            new("handshake-alert", "same as refused-in-handshake"),
            new("after-handshake", "same as refused-after-handshake"),
            new("http-400", "an HTTP 400 answer (nginx)"),
            new("http-4xx", "same as refused-by-application"),
        ])), "which outcomes count as the server refusing a client certificate (MT-01..04)", "[refused-in-handshake, refused-after-handshake, reset]"),
        new("plaintext", new EnumSchema(
        [
            new("refused", "a TLS endpoint", PlaintextMode.Refused),
            new("redirect", "the old HTTP port, answers 301/...; judged by RD-*, and by PT-03 for content", PlaintextMode.Redirect),
            new("closed", "the old HTTP port, gone", PlaintextMode.Closed),
            new("by-design", "plaintext on purpose (e.g. metrics): listed in the report, not judged", PlaintextMode.ByDesign),
        ]), "what this port does with plaintext", "refused"),
        new("redirectsTo", new StringSchema(PlainNamePattern, "endpoint name"), "on a plaintext: redirect endpoint: the TLS endpoint the redirect must point at", "the first TLS endpoint"),
        new("protocol", new EnumSchema(
        [
            new("http", "HTTP probes", EndpointProtocol.Http),
            new("grpc", "the MT and TV probes make a real grpc.health.v1.Health/Check call", EndpointProtocol.Grpc),
        ]), "the application protocol", "http"),
        new("client", new ObjectSchema(
        [
            new("cert", new StringSchema(), "the client certificate (PEM, relative to the profile)", Required: true, Example: "cert: client.pem"),
            new("key", new StringSchema(), "its private key (PEM)", Required: true, Example: "key: client.key"),
            new("ca", new StringSchema(), "the client CA certificate that issued it"),
            new("caKey", new StringSchema(), "the client CA's key: MT-03/MT-04 issue an expired and a no-clientAuth variant from it (needs ca)"),
        ]), "the client identity the implementation trusts (MT-05, RD-05); only with clientAuth optional or required", "none"),
    ]);

    private static ObjectSchema Pki() => new(
    [
        new("serverNames", Texts, "DNS names (wildcards allowed) in the leaf, and judged", "[localhost]"),
        new("ipAddresses", Texts, "IP addresses as iPAddress SANs, and judged", "[127.0.0.1]"),
        new("selfSignedLeaf", new BooleanSchema(), "the leaf is its own issuer (trust: self); excludes intermediate and sni", "false"),
        new("intermediate", new BooleanSchema(), "issue the leaf from an intermediate CA (chain order is judged by SAN-05)", "false"),
        new("key", new EnumSchema(
        [
            new("rsa-2048", "RSA 2048 bits", KeySpec.Rsa2048),
            new("rsa-4096", "RSA 4096 bits", KeySpec.Rsa4096),
            new("ecdsa-p256", "ECDSA on P-256", KeySpec.EcdsaP256),
            new("ecdsa-p384", "ECDSA on P-384", KeySpec.EcdsaP384),
        ]), "the issued keys' type", "ecdsa-p256"),
        new("eku", new EnumSchema(
        [
            new("server", "serverAuth", EkuSpec.ServerAuth),
            new("client", "clientAuth only", EkuSpec.ClientAuth),
            new("server-client", "serverAuth and clientAuth", EkuSpec.ServerAndClientAuth),
            new("none", "no EKU extension", EkuSpec.None),
        ]), "the leaf's extended key usage", "server"),
        new("sni", new MapSchema(Texts, PlainNamePattern, "an SNI group name"), "GROUP: [names]: one more certificate per group ({pki:cert:GROUP}, {pki:key:GROUP}), judged by SAN-04", "{}"),
        new("certificates", new MapSchema(Certificate(), PlainNamePattern, "a certificate name"), "NAME: { serverNames, ipAddresses, eku }: one more server certificate per entry, issued by the run's CA with the pki key type, written to {pki:cert:NAME} and {pki:key:NAME} (a kubernetes target gets it as the Secret <target.kubernetes.secret>-NAME), served by the endpoints naming it (endpoints.NAME.certificate); names share {pki:cert:NAME} with pki.sni, so no name may be both; excludes selfSignedLeaf", "{}"),
    ]);

    private static ObjectSchema Certificate() => new(
    [
        new("serverNames", new ListSchema(new StringSchema(), MinItems: 1), "DNS names (wildcards allowed) in this certificate, judged on the endpoints serving it", Required: true, Example: "serverNames: [direktiv-flow-hl]"),
        new("ipAddresses", Texts, "IP addresses as iPAddress SANs of this certificate, judged on the endpoints serving it", "[] (unlike pki.ipAddresses)"),
        new("eku", new EnumSchema(
        [
            new("server", "serverAuth", EkuSpec.ServerAuth),
            new("client", "clientAuth only", EkuSpec.ClientAuth),
            new("server-client", "serverAuth and clientAuth", EkuSpec.ServerAndClientAuth),
            new("none", "no EKU extension", EkuSpec.None),
        ]), "this certificate's extended key usage", "pki.eku"),
    ]);

    private static ObjectSchema Mutant() => new(
    [
        new("name", new StringSchema(), "the mutant's name", Required: true, Example: "name: Redirect302"),
        new("breaks", new ListSchema(new StringSchema(ScenarioIdPattern, "scenario ID"), MinItems: 1), "the scenarios that must fail", Required: true, Example: "breaks: [RD-01]"),
        new("undecided", new ListSchema(new StringSchema(ScenarioIdPattern, "scenario ID")), "the scenarios that honestly cannot decide"),
        new("description", new StringSchema(), "what the mutant breaks"),
    ]);
}
