using Conformance.Model;

namespace Conformance.Suites.Tests.BadInput;

/// <summary>
/// The catalog of bad inputs that fail before any scenario runs: malformed and semantically wrong profiles, files a
/// profile names that cannot be read, and bad arguments. Each must give exit 2 and one line naming file:line:column
/// and field (profiles) or the flag (arguments). Root runs these tests, so "unreadable" is a folder where a file is
/// expected and a file that holds no certificate — chmod 000 would not stop root. Hostile inputs (devices, a FIFO,
/// a directory, over-large files and scalars, control characters) must end promptly with one bounded, escaped line.
/// Placeholders in arguments and profiles: <c>{dir}</c> (a fresh folder holding <c>garbage.pem</c>, <c>key-only.pem</c>,
/// and <c>template.conf</c> with an unknown placeholder), <c>{fifo}</c> (a FIFO no one writes to),
/// <c>{profile}</c>.
/// </summary>
internal static class BadInputCatalog
{
    private const string Head = "apiVersion: conformance/v1\nname: bad\ntarget:\n  kind: process\n  command: /bin/true\n";
    private const string Https = "endpoints:\n  https: { port: \"{port:https}\", trust: \"{pki:ca}\" }\n";
    private const string Valid = Head + Https;

    private static readonly string[] Run = ["run", "--profile", "{profile}", "--out", "{dir}/runs"];
    private static readonly string[] Validate = ["profiles", "validate", "{profile}"];

    // 2 MiB of comment: a valid profile, only too large.
    private static readonly string TwoMiB = Valid + "# " + new string('x', 2 << 20) + "\n";

    // A 1,000,000-character scalar where a port belongs: the error names 7:18 and is cut, not echoed whole.
    private static readonly string MegabyteScalar = Head + "endpoints:\n  https: { port: \"" + new string('A', 1_000_000) + "\", trust: \"{pki:ca}\" }\n";

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
        new("template path is a folder", Head + "  files: { conf: \"{dir}\" }\n" + Https, Run, ExitCodes.BadUsage, "@6:", "target.files.conf", "is a directory, not a file"),
        new("profile file missing", null, ["run", "--profile", "{dir}/missing.yaml", "--out", "{dir}/runs"], ExitCodes.BadUsage, "missing.yaml", "file not found"),
        // A folder given to run is its *.yaml profiles (docs/qualification.md); profiles validate still takes a file only.
        new("profile folder holds no profile", null, ["run", "--profile", "{dir}", "--out", "{dir}/runs"], ExitCodes.BadUsage, "--profile", "a folder with no *.yaml profile"),
        new("profile path is a folder", null, ["profiles", "validate", "{dir}"], ExitCodes.BadUsage, "(file)", "is a directory, not a file"),
        new("profiles validate: unknown key", Valid + "colour: blue\n", ["profiles", "validate", "{profile}"], ExitCodes.BadUsage, "@8:1", "colour"),

        // Arguments.
        new("unknown flag", null, ["run", "--no-such-flag"], ExitCodes.BadUsage, "--no-such-flag"),
        new("unknown verb", null, ["frobnicate"], ExitCodes.BadUsage, "frobnicate"),
        new("unknown suite", null, ["run", "--suite", "bogus", "--out", "{dir}/runs"], ExitCodes.BadUsage, "unknown suite 'bogus'"),
        new("unknown scenario", null, ["run", "--scenario", "XX-99", "--out", "{dir}/runs"], ExitCodes.BadUsage, "unknown scenario 'XX-99'"),
        new("filters that select nothing", null, ["run", "--suite", "tls-version", "--scenario", "PT-01", "--out", "{dir}/runs"], ExitCodes.BadUsage, "select no scenario"),
        new("bad --fail-on", null, ["run", "--fail-on", "never", "--out", "{dir}/runs"], ExitCodes.BadUsage, "never", "--fail-on"),
        new("--seed not a number", null, ["run", "--seed", "abc", "--out", "{dir}/runs"], ExitCodes.BadUsage, "--seed takes a whole number (0 to 2147483647), got 'abc'"),
        new("--parallel out of range", null, ["run", "--parallel", "0", "--out", "{dir}/runs"], ExitCodes.BadUsage, "--parallel"),
        new("--out under a file (not writable)", null, ["run", "--out", "{dir}/garbage.pem/runs"], ExitCodes.BadUsage, "--out", "garbage.pem"),
        new("bench --repeat out of range", null, ["bench", "--repeat", "0"], ExitCodes.BadUsage, "--repeat takes a whole number (1 to 1000), got '0'"),

        // Hostile files: checked by type before opening (a FIFO would block the open), read once, bounded.
        new("profiles validate /dev/zero", null, ["profiles", "validate", "/dev/zero"], ExitCodes.BadUsage, "/dev/zero", "is a character device", "not a regular file"),
        new("run --profile /dev/urandom", null, ["run", "--profile", "/dev/urandom", "--out", "{dir}/runs"], ExitCodes.BadUsage, "/dev/urandom", "is a character device"),
        new("run --profile a FIFO (no writer): refused, not blocked", null, ["run", "--profile", "{fifo}", "--out", "{dir}/runs"], ExitCodes.BadUsage, "{fifo}", "is a FIFO (named pipe)", "give '-'"),
        new("profiles validate a FIFO (no writer): refused, not blocked", null, ["profiles", "validate", "{fifo}"], ExitCodes.BadUsage, "{fifo}", "is a FIFO (named pipe)"),
        new("profiles validate a directory", null, ["profiles", "validate", "{dir}"], ExitCodes.BadUsage, "is a directory, not a file"),
        new("profile of 2 MiB (bound 1 MiB)", TwoMiB, Validate, ExitCodes.BadUsage, "{profile}", "is larger than 1 MiB, the bound for a profile"),
        new("profile of 2 MiB on run (bound 1 MiB)", TwoMiB, Run, ExitCodes.BadUsage, "{profile}", "is larger than 1 MiB"),
        new("1 MB scalar: the line is cut, file:line:column kept", MegabyteScalar, Run, ExitCodes.BadUsage, "@7:18", "endpoints.https.port", "characters cut", "is not a port number"),
        new("control characters in a key are escaped", Valid + "\"col\\e[41mour\": blue\n", Validate, ExitCodes.BadUsage, "@8:1", "col\\x1b[41mour"),
        new("log catalog is /dev/zero", Valid + "logs: { catalog: /dev/zero }\n", Validate, ExitCodes.BadUsage, "@8:18", "logs.catalog", "character device"),
        new("trust file is /dev/zero", Head + "endpoints:\n  https: { port: \"{port:https}\", trust: /dev/zero }\n", Run, ExitCodes.BadUsage, "@7:", "endpoints.https.trust", "character device"),
        new("template is a FIFO", Head + "  files: { conf: \"{fifo}\" }\n" + Https, Run, ExitCodes.BadUsage, "@6:", "target.files.conf", "is a FIFO"),
        new("report render /dev/zero", null, ["report", "render", "/dev/zero", "--out", "{dir}/rendered"], ExitCodes.BadUsage, "/dev/zero", "is a character device"),
        new("report render a directory", null, ["report", "render", "{dir}", "--out", "{dir}/rendered"], ExitCodes.BadUsage, "is a directory, not a file"),
        new("report render a FIFO", null, ["report", "render", "{fifo}", "--out", "{dir}/rendered"], ExitCodes.BadUsage, "is a FIFO"),
        new("report diff against a FIFO", null, ["report", "diff", "{fifo}", "{dir}/missing.json"], ExitCodes.BadUsage, "is a FIFO"),

        // profiles validate runs the run's own checks: each of these said "ok" before and failed the run with exit 2.
        new("profiles validate: trust file missing", Head + "endpoints:\n  https: { port: \"{port:https}\", trust: /nonexistent/ca.pem }\n", Validate, ExitCodes.BadUsage, "@7:", "endpoints.https.trust", "/nonexistent/ca.pem", "file not found"),
        new("profiles validate: trust file holds no certificate", Head + "endpoints:\n  https: { port: \"{port:https}\", trust: \"{dir}/garbage.pem\" }\n", Validate, ExitCodes.BadUsage, "@7:", "endpoints.https.trust", "holds no PEM certificate"),
        new("profiles validate: trust file holds only a private key", Head + "endpoints:\n  https: { port: \"{port:https}\", trust: \"{dir}/key-only.pem\" }\n", Validate, ExitCodes.BadUsage, "@7:", "endpoints.https.trust", "holds a private key but no PEM certificate"),
        new("run: trust file holds only a private key", Head + "endpoints:\n  https: { port: \"{port:https}\", trust: \"{dir}/key-only.pem\" }\n", Run, ExitCodes.BadUsage, "@7:", "endpoints.https.trust", "holds a private key but no PEM certificate"),
        new("profiles validate: template missing", Head + "  files: { conf: /nonexistent/template.conf }\n" + Https, Validate, ExitCodes.BadUsage, "@6:", "target.files.conf", "/nonexistent/template.conf"),
        new("profiles validate: unknown placeholder in a template", Head + "  files: { conf: \"{dir}/template.conf\" }\n" + Https, Validate, ExitCodes.BadUsage, "@6:", "target.files.conf", "unknown placeholder {nope:user}"),
        new("run: unknown placeholder in a template", Head + "  files: { conf: \"{dir}/template.conf\" }\n" + Https, Run, ExitCodes.BadUsage, "@6:", "target.files.conf", "unknown placeholder {nope:user}"),
        new("profiles validate: unknown placeholder in args", Head + "  args: [\"{nope:x}\"]\n" + Https, Validate, ExitCodes.BadUsage, "@6:", "target.args[0]", "unknown placeholder {nope:x}"),

        // Every option error names the option and the form it takes, in words.
        new("--seed negative", null, ["run", "--seed", "-1", "--out", "{dir}/runs"], ExitCodes.BadUsage, "--seed takes a whole number (0 to 2147483647), got '-1'"),
        new("--seed too large", null, ["run", "--seed", "99999999999", "--out", "{dir}/runs"], ExitCodes.BadUsage, "--seed takes a whole number (0 to 2147483647), got '99999999999'"),
        new("--seed without a value", null, ["run", "--out", "{dir}/runs", "--seed"], ExitCodes.BadUsage, "--seed takes a whole number", "no value was given"),
        new("--parallel not a number", null, ["run", "--parallel", "many", "--out", "{dir}/runs"], ExitCodes.BadUsage, "--parallel takes a whole number (1 to 256), got 'many'"),
        new("--fail-on not a level", null, ["run", "--fail-on", "never", "--out", "{dir}/runs"], ExitCodes.BadUsage, "--fail-on takes one of must, should, may, got 'never'"),
        new("bench --iterations not a number", null, ["bench", "--iterations", "x"], ExitCodes.BadUsage, "--iterations takes a whole number", "got 'x'"),
        new("bench --count not a number", null, ["bench", "--count", "1e9"], ExitCodes.BadUsage, "--count takes a whole number", "got '1e9'"),
        new("report diff --format unknown", null, ["report", "diff", "a.json", "b.json", "--format", "xml"], ExitCodes.BadUsage, "--format takes one of text, markdown, got 'xml'"),
        new("report diff --fail-on unknown", null, ["report", "diff", "a.json", "b.json", "--fail-on", "never"], ExitCodes.BadUsage, "--fail-on takes one of must, should, may, got 'never'"),
        new("pki create --key unknown", null, ["pki", "create", "--out", "{dir}/pki", "--key", "dsa"], ExitCodes.BadUsage, "--key takes one of rsa-2048, rsa-4096, ecdsa-p256, ecdsa-p384, got 'dsa'"),
        new("pki create --eku unknown", null, ["pki", "create", "--out", "{dir}/pki", "--eku", "both"], ExitCodes.BadUsage, "--eku takes one of server, client, server-client, none, got 'both'"),
    ];
}
