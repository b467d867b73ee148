using Conformance.Model;

namespace Conformance.Suites.Tests.BadInput;

/// <summary>
/// The catalog of bad inputs that fail before any scenario runs: malformed and semantically wrong profiles, files a
/// profile names that cannot be read, and bad arguments. Each must give exit 2 and one line naming file:line:column
/// and field (profiles) or the flag (arguments). Root runs these tests, so "unreadable" is a folder where a file is
/// expected and a file that holds no certificate — chmod 000 would not stop root.
/// </summary>
internal static class BadInputCatalog
{
    private const string Head = "apiVersion: conformance/v1\nname: bad\ntarget:\n  kind: process\n  command: /bin/true\n";
    private const string Https = "endpoints:\n  https: { port: \"{port:https}\", trust: \"{pki:ca}\" }\n";
    private const string Valid = Head + Https;

    private static readonly string[] Run = ["run", "--profile", "{profile}", "--out", "{dir}/runs"];

    public static IEnumerable<BadInputCase> Cases =>
    [
        // Malformed YAML and wrong shapes.
        new("yaml: unclosed flow mapping", "apiVersion: conformance/v1\nname: bad\ntarget: { kind: process\nendpoints:\n", Run, ExitCodes.BadUsage, "@3:9", "(yaml)", "YAML syntax error"),
        new("yaml: tab indentation", "apiVersion: conformance/v1\nname: bad\ntarget:\n\tkind: process\n", Run, ExitCodes.BadUsage, "@4:1", "(yaml)", "YAML syntax error"),
        new("yaml: empty file", string.Empty, Run, ExitCodes.BadUsage, "@1:1", "the file is empty"),
        new("yaml: two documents", Valid + "---\nname: second\n", Run, ExitCodes.BadUsage, "@9:1", "one YAML document"),
        new("unknown top-level key", Valid + "colour: blue\n", Run, ExitCodes.BadUsage, "@8:1", "colour", "unknown key 'colour'"),
        new("unknown endpoint key", Head + "endpoints:\n  https: { prot: 8443, trust: \"{pki:ca}\" }\n", Run, ExitCodes.BadUsage, "@7:", "prot"),
        new("wrong type: port is a list", Head + "endpoints:\n  https: { port: [1, 2], trust: \"{pki:ca}\" }\n", Run, ExitCodes.BadUsage, "@7:18", "endpoints.https.port", "found a list"),
        new("wrong type: endpoints is text", Head + "endpoints: https\n", Run, ExitCodes.BadUsage, "@6:", "endpoints"),
        new("missing port", Head + "endpoints:\n  https: { trust: \"{pki:ca}\" }\n", Run, ExitCodes.BadUsage, "@7:", "endpoints.https.port", "missing required field 'port'"),
        new("missing endpoints", Head, Run, ExitCodes.BadUsage, "@1:1", "endpoints", "missing required field"),
        new("port out of range", Head + "endpoints:\n  https: { port: \"70000\", trust: \"{pki:ca}\" }\n", Run, ExitCodes.BadUsage, "@7:18", "endpoints.https.port", "70000"),
        new("wrong apiVersion", Valid.Replace("conformance/v1", "conformance/v9", StringComparison.Ordinal), Run, ExitCodes.BadUsage, "@1:13", "apiVersion", "conformance/v9"),
        new("unknown target kind", Valid.Replace("kind: process", "kind: spaceship", StringComparison.Ordinal), Run, ExitCodes.BadUsage, "@4:9", "target.kind", "spaceship"),
        new("unknown clientAuth value", Head + "endpoints:\n  https: { port: \"{port:https}\", trust: \"{pki:ca}\", clientAuth: sometimes }\n", Run, ExitCodes.BadUsage, "@7:", "endpoints.https.clientAuth", "sometimes"),
        new("not a duration", Head + "  ready: { tcp: \"{port:https}\", within: 10 parsecs }\n" + Https, Run, ExitCodes.BadUsage, "@6:", "target.ready.within", "10 parsecs"),
        new("unknown TLS version", Valid + "claims:\n  tls: { min: \"1.7\" }\n", Run, ExitCodes.BadUsage, "@9:", "claims.tls.min", "1.7"),

        // Semantically wrong: unknown scenario IDs, contradictory capabilities.
        new("unknown scenario ID in mutant.breaks", Valid + "mutant: { name: x, breaks: [XX-99] }\n", Run, ExitCodes.BadUsage, "@8:", "mutant.breaks[0]", "XX-99"),
        new("contradiction: oldPort redirect without a redirecting endpoint", Valid + "claims:\n  oldPort: redirect\n", Run, ExitCodes.BadUsage, "@9:", "claims.oldPort", "plaintext: redirect"),
        new("contradiction: oldPort same with an HTTP redirect", Head + "endpoints:\n  https: { port: \"{port:https}\", trust: \"{pki:ca}\" }\n  http: { port: \"{port:http}\", plaintext: redirect }\nclaims:\n  oldPort: same\n  redirect: { status: 301 }\n", Run, ExitCodes.BadUsage, "@10:", "claims.oldPort", "same"),
        new("contradiction: two endpoints on one port", Head + "endpoints:\n  https: { port: \"8443\", trust: \"{pki:ca}\" }\n  admin: { port: \"8443\", trust: \"{pki:ca}\" }\n", Run, ExitCodes.BadUsage, "@8:", "endpoints.admin.port", "already used"),
        new("trust bundles on a process target without an upstream port", Head + "  args: [\"{run:bundles}\"]\nendpoints:\n  https: { port: \"{port:https}\", trust: \"{pki:ca}\" }\n  activator: { port: \"{port:activator}\", plaintext: by-design }\nclaims:\n  trustBundle: { invalidEntry: skip-entry, via: activator }\n", Run, ExitCodes.BadUsage, "@11:", "claims.trustBundle.upstream", "upstream: \"{port:upstream}\""),
        new("trust bundles on a kubernetes target naming an upstream port", "apiVersion: conformance/v1\nname: bad\ntarget:\n  kind: kubernetes\n  kubernetes: { manifests: [x.yaml], deployment: app, ports: { https: 8443, activator: 8012 } }\nendpoints:\n  https: { port: \"{port:https}\", trust: \"{pki:ca}\" }\n  activator: { port: \"{port:activator}\", plaintext: by-design }\nclaims:\n  trustBundle: { invalidEntry: skip-entry, via: activator, upstream: \"{port:upstream}\" }\n", Run, ExitCodes.BadUsage, "@10:", "claims.trustBundle.upstream", "deploys the upstream itself"),
        new("trust bundles on a container target naming an upstream port", "apiVersion: conformance/v1\nname: bad\ntarget:\n  kind: container\n  image: conformance/reference:dev\n  container: { ports: [https, activator] }\n  args: [\"{run:bundles}\"]\nendpoints:\n  https: { port: \"{port:https}\", trust: \"{pki:ca}\" }\n  activator: { port: \"{port:activator}\", plaintext: by-design }\nclaims:\n  trustBundle: { invalidEntry: skip-entry, via: activator, upstream: \"{port:upstream}\" }\n", Run, ExitCodes.BadUsage, "@12:", "claims.trustBundle.upstream", "https://conformance-upstream:8443"),
        new("unknown placeholder", Head + "endpoints:\n  https: { port: \"{port:https}\", trust: \"{pki:nope}\" }\n", Run, ExitCodes.BadUsage, "@7:", "endpoints.https.trust", "{pki:nope}"),

        // Files the profile names: missing, a folder where a file is expected, not a certificate.
        new("trust file missing", Head + "endpoints:\n  https: { port: \"{port:https}\", trust: /nonexistent/ca.pem }\n", Run, ExitCodes.BadUsage, "@7:", "endpoints.https.trust", "/nonexistent/ca.pem"),
        new("trust file holds no certificate", Head + "endpoints:\n  https: { port: \"{port:https}\", trust: \"{dir}/garbage.pem\" }\n", Run, ExitCodes.BadUsage, "@7:", "endpoints.https.trust", "holds no PEM certificate"),
        new("template file missing", Head + "  files: { conf: /nonexistent/template.conf }\n" + Https, Run, ExitCodes.BadUsage, "@6:", "target.files.conf", "/nonexistent/template.conf"),
        new("template path is a folder (unreadable)", Head + "  files: { conf: \"{dir}\" }\n" + Https, Run, ExitCodes.BadUsage, "@6:", "target.files.conf", "is a folder"),
        new("profile file missing", null, ["run", "--profile", "{dir}/missing.yaml", "--out", "{dir}/runs"], ExitCodes.BadUsage, "missing.yaml", "file not found"),
        new("profile path is a folder (unreadable)", null, ["run", "--profile", "{dir}", "--out", "{dir}/runs"], ExitCodes.BadUsage, "(file)", "cannot read"),
        new("profiles validate: unknown key", Valid + "colour: blue\n", ["profiles", "validate", "{profile}"], ExitCodes.BadUsage, "@8:1", "colour"),

        // Arguments.
        new("unknown flag", null, ["run", "--no-such-flag"], ExitCodes.BadUsage, "--no-such-flag"),
        new("unknown verb", null, ["frobnicate"], ExitCodes.BadUsage, "frobnicate"),
        new("unknown suite", null, ["run", "--suite", "bogus", "--out", "{dir}/runs"], ExitCodes.BadUsage, "unknown suite 'bogus'"),
        new("unknown scenario", null, ["run", "--scenario", "XX-99", "--out", "{dir}/runs"], ExitCodes.BadUsage, "unknown scenario 'XX-99'"),
        new("filters that select nothing", null, ["run", "--suite", "tls-version", "--scenario", "PT-01", "--out", "{dir}/runs"], ExitCodes.BadUsage, "select no scenario"),
        new("bad --fail-on", null, ["run", "--fail-on", "never", "--out", "{dir}/runs"], ExitCodes.BadUsage, "never", "--fail-on"),
        new("--seed not a number", null, ["run", "--seed", "abc", "--out", "{dir}/runs"], ExitCodes.BadUsage, "abc"),
        new("--parallel out of range", null, ["run", "--parallel", "0", "--out", "{dir}/runs"], ExitCodes.BadUsage, "--parallel"),
        new("--out under a file (not writable)", null, ["run", "--out", "{dir}/garbage.pem/runs"], ExitCodes.BadUsage, "--out", "garbage.pem"),
        new("bench --repeat out of range", null, ["bench", "--repeat", "0"], ExitCodes.BadUsage, "--repeat"),
    ];
}
