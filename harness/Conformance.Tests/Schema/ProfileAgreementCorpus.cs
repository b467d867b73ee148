namespace Conformance.Tests.Schema;

/// <summary>
/// Profiles both the reader and schemas/profile.schema.json must refuse (unknown keys at several depths, wrong types,
/// bad words, missing required keys, bad durations, non-text keys), the valid ones both must accept, and those only the
/// reader can judge, each with the reason.
/// </summary>
internal static class ProfileAgreementCorpus
{
    private static readonly string[] Valid =
    [
        "apiVersion: conformance/v1",
        "name: t",
        "target:",
        "  kind: process",
        "  command: /bin/true",
        "endpoints:",
        "  https:",
        "    port: \"{port:https}\"",
        "  http:",
        "    port: \"{port:http}\"",
        "    plaintext: redirect",
        "claims:",
        "  oldPort: redirect",
        "  redirect: { status: 301 }",
    ];

    public static string Base => string.Join('\n', Valid) + "\n";

    public static TheoryData<string, string> Invalid() => new()
    {
        { "unknown key at the root", Append("colour: blue") },
        { "unknown key in target", With(5, "  command: /bin/true", "  colour: blue") },
        { "unknown key in an endpoint", With(8, "    port: \"{port:https}\"", "    prot: 1") },
        { "unknown key in a claim", With(14, "  redirect: { status: 301, statuss: 301 }") },
        { "unknown key in target.ready", With(5, "  command: /bin/true", "  ready: { tpc: 1 }") },
        { "unknown key in pki", Append("pki: { serverName: [a] }") },
        { "unknown key in mutant", Append("mutant: { name: M, breaks: [RD-01], brakes: [RD-02] }") },
        { "unknown key in endpoints.NAME.client", With(8, "    port: \"{port:https}\"", "    clientAuth: required", "    client: { cert: a.pem, key: a.key, chain: b.pem }") },
        { "list where text belongs", With(5, "  command: /bin/true", "  args: --mode") },
        { "mapping where the name belongs", With(2, "name: { a: b }") },
        { "list where endpoints belong", string.Join('\n', Valid[..5].Append("endpoints: [https]")) },
        { "word where a boolean belongs", Append("pki: { intermediate: yes }") },
        { "word where a status belongs", With(14, "  redirect: { status: moved }") },
        { "status that is no redirect", With(14, "  redirect: { status: 200 }") },
        { "clientAuth not one of the words", With(8, "    port: \"{port:https}\"", "    clientAuth: mandatory") },
        { "plaintext misspelt", With(11, "    plaintext: redirct") },
        { "pki.key not one of the words", Append("pki: { key: rsa-1024 }") },
        { "tls.min not one of the words", Append("  tls: { min: \"1.1\" }") },
        { "assumed naming a key the claim lacks", Append("  tls: { min: \"1.3\", assumed: [mode] }") },
        { "assumed as a word", Append("  tls: { min: \"1.3\", assumed: yes }") },
        { "target.kind not a driver", With(4, "  kind: proces") },
        { "missing name", With(2, "description: no name") },
        { "missing port", With(8, "    serverName: x.example") },
        { "missing target", string.Join('\n', Valid[..2].Concat(Valid[5..])) },
        { "missing mutant.breaks", Append("mutant: { name: M }") },
        { "missing target.ready.tcp", With(5, "  command: /bin/true", "  ready: { within: 5s }") },
        { "duration as a bare number", With(5, "  command: /bin/true", "  stopTimeout: 10") },
        { "duration as a word", With(5, "  command: /bin/true", "  ready: { tcp: 1, within: soon }") },
        { "non-text key at the root", Append("? [a, b]", ": c") },
        { "non-text key in target", With(5, "  command: /bin/true", "  ? { a: b }", "  : c") },
        { "port that is a word", With(10, "    port: http") },
        { "port out of range", With(10, "    port: 70000") },
        { "wrong apiVersion", With(1, "apiVersion: conformance/v2") },
        { "profile name with a space", With(2, "name: my server") },
        { "environment variable name with a dash", With(5, "  command: /bin/true", "  env: { MY-VAR: x }") },
        { "reload with both signal and command", With(5, "  command: /bin/true", "  reload: { signal: HUP, command: [x] }") },
        { "reload with neither signal nor command", With(5, "  command: /bin/true", "  reload: { within: 5s }") },
        { "mutant scenario ID malformed", Append("mutant: { name: M, breaks: [RD-1] }") },
        { "load.requests below the least", Append("load: { requests: 999 }") },
        { "load.requests as a word", Append("load: { requests: many }") },
        { "unknown key in load", Append("load: { request: 6000 }") },
        { "unknown key in pki.certificates.NAME", ServingA("pki: { certificates: { a: { serverNames: [a.example], colour: blue } } }") },
        { "pki.certificates.NAME without serverNames", ServingA("pki: { certificates: { a: { eku: server } } }") },
        { "pki.certificates.NAME with no names", ServingA("pki: { certificates: { a: { serverNames: [] } } }") },
        { "oldPort per endpoint with a word outside closed and redirect", With(13, "  oldPort: { http: same }") },
        { "oldPort per endpoint as a list", With(13, "  oldPort: [http]") },
        { "pki.certificates.NAME eku not one of the words", ServingA("pki: { certificates: { a: { serverNames: [a.example], eku: both } } }") },
    };

    public static TheoryData<string, string> ValidCases() => new()
    {
        { "the base", Base },
        { "every claim", Append("  tls: { min: \"1.3\", alpn: [h2], assumed: true }", "  reload: { mode: restart, downtimeBudget: 30s, assumed: [downtimeBudget] }", "  secret: { invalid: refuse-start }", "  content: { path: /x, marker: app }", "pki:", "  serverNames: [localhost]", "  key: rsa-2048", "  eku: server-client") },
        { "a target with env, args, ready and reload", With(5, "  command: /bin/true", "  args: [--a, \"1\"]", "  env: { A: x, B_2: 3 }", "  ready: { tcp: \"{port:https}\", within: 10s }", "  reload: { signal: HUP, within: 1m30s }", "  stopTimeout: 2s") },
        { "a mutant", Append("mutant: { name: M, breaks: [RD-01], undecided: [SAN-04] }") },
        { "literal ports", With(8, "    port: 8443", "    trust: [ca.pem]") },
        { "a rotation load size", Append("load: { requests: 6000 }") },
        { "oldPort per endpoint", With(13, "  oldPort: { http: redirect }") },
        { "an endpoint serving a named certificate", ServingA("pki: { eku: server-client, certificates: { a: { serverNames: [a.example, \"*.default\"], ipAddresses: [10.0.0.1], eku: server } } }") },
    };

    /// <summary>Refused by the reader, accepted by the JSON Schema: what a schema cannot say, and why.</summary>
    public static TheoryData<string, string> ReaderOnly() => new()
    {
        { "cross reference: redirectsTo names an endpoint that does not exist", With(11, "    plaintext: redirect", "    redirectsTo: nowhere") },
        { "cross reference: sameCertificate names a plaintext endpoint", Append("  sameCertificate: [https, http]") },
        { "between sections: oldPort same while an endpoint redirects", With(13, "  oldPort: same") },
        { "cross reference: oldPort per endpoint names an endpoint whose plaintext mode says otherwise", With(13, "  oldPort: { http: closed }") },
        { "two endpoints on one port", With(10, "    port: \"{port:https}\"") },
        { "the driver's own requirement: a process target needs a command", With(5, "  host: 127.0.0.1") },
        { "a value: a zero duration where a wait must be longer than zero", With(5, "  command: /bin/true", "  ready: { tcp: 1, within: 0s }") },
        { "cross reference: an endpoint names a certificate pki.certificates does not declare", With(8, "    port: \"{port:https}\"", "    certificate: nowhere") },
        { "cross reference: a named certificate no endpoint serves", Append("pki: { certificates: { a: { serverNames: [a.example] } } }") },
        { "between sections: a certificate name that is also an SNI group", ServingA("pki: { sni: { a: [b.example] }, certificates: { a: { serverNames: [a.example] } } }") },
    };

    private static string With(int line, params string[] replacement) =>
        string.Join('\n', Valid[..(line - 1)].Concat(replacement).Concat(Valid[line..])) + "\n";

    /// <summary>The base with endpoint https serving the named certificate 'a', and <paramref name="pki"/> appended.</summary>
    private static string ServingA(string pki) => string.Join('\n', Valid[..8].Append("    certificate: a").Concat(Valid[8..]).Append(pki)) + "\n";

    private static string Append(params string[] lines) => string.Join('\n', Valid.Concat(lines)) + "\n";
}
