using Conformance.Drivers;
using Conformance.Inputs;
using Conformance.Profiles;

namespace Conformance.Tests.Profiles;

public sealed class MalformedProfileTests
{
    private const string File = "bad.yaml";

    // Lines 1-14 of a valid profile; cases replace or append lines so the expected line numbers stay readable.
    private static readonly string[] Valid =
    [
        "apiVersion: conformance/v1",       // 1
        "name: t",                          // 2
        "target:",                          // 3
        "  kind: process",                  // 4
        "  command: /bin/true",             // 5
        "endpoints:",                       // 6
        "  https:",                         // 7
        "    port: \"{port:https}\"",       // 8
        "  http:",                          // 9
        "    port: \"{port:http}\"",        // 10
        "    plaintext: redirect",          // 11
        "claims:",                          // 12
        "  oldPort: redirect",              // 13
        "  redirect: { status: 301 }",      // 14
    ];

    public static TheoryData<string, string, int, string, string> Cases() => new()
    {
        { "unknown key with suggestion", With(8, "    prot: 8443"), 8, "endpoints.https.prot", "unknown key 'prot' (did you mean 'port'?)" },
        { "unknown key without a near match", With(5, "  command: /bin/true", "  colour: blue"), 6, "target.colour", "expected one of: kind, command" },
        { "wrong type", With(5, "  command: /bin/true", "  args: --mode"), 6, "target.args", "expected a list, found '--mode'" },
        { "mapping where text belongs", With(2, "name: { a: b }"), 2, "name", "expected text, found a mapping" },
        { "missing port", With(8, "    serverName: x.example"), 7, "endpoints.https.port", "missing required field 'port'" },
        { "bad enum", With(8, "    port: \"{port:https}\"", "    clientAuth: mandatory"), 9, "endpoints.https.clientAuth", "'mandatory' is not one of: none, optional, required" },
        { "bad enum suggests", With(11, "    plaintext: redirct"), 11, "endpoints.http.plaintext", "(did you mean 'redirect'?)" },
        { "bad duration", With(5, "  command: /bin/true", "  ready: { tcp: \"{port:https}\", within: 10 }"), 6, "target.ready.within", "'10' is not a duration" },
        { "bad port", With(10, "    port: http"), 10, "endpoints.http.port", "'http' is not a port number" },
        { "yaml syntax error", With(14, "  redirect: { status: 301"), 15, "(yaml)", "YAML syntax error" },
        { "oldPort same with a redirect endpoint", With(13, "  oldPort: same"), 13, "claims.oldPort", "oldPort: same" },
        { "oldPort closed without a closed endpoint", With(13, "  oldPort: closed"), 13, "claims.oldPort", "plaintext: closed" },
        { "oldPort redirect without claims.redirect", With(14, "  tls: { min: \"1.3\" }"), 13, "claims.oldPort", "needs claims.redirect" },
        { "per-endpoint oldPort naming no endpoint", With(13, "  oldPort: { htp: redirect }"), 13, "claims.oldPort.htp", "'htp' is not an endpoint of this profile (did you mean 'http'?)" },
        { "per-endpoint oldPort naming a TLS endpoint", With(13, "  oldPort: { http: redirect, https: closed }"), 13, "claims.oldPort.https", "endpoint 'https' is not an old HTTP port (plaintext: refused)" },
        { "per-endpoint oldPort contradicting the endpoint", With(13, "  oldPort:", "    http: closed"), 14, "claims.oldPort.http", "declared plaintext: redirect, so its old port cannot be claimed closed" },
        { "per-endpoint oldPort with same", With(13, "  oldPort:", "    http: same"), 14, "claims.oldPort.http", "'same' is not one of: closed, redirect" },
        { "per-endpoint oldPort leaving an old port out", With(11, "    plaintext: redirect", "  old: { port: \"{port:old}\", plaintext: closed }").Replace("  oldPort: redirect", "  oldPort: { http: redirect }", StringComparison.Ordinal), 14, "claims.oldPort", "endpoint 'old' is an old HTTP port (plaintext: closed) that claims.oldPort does not name" },
        { "per-endpoint redirect without claims.redirect", With(13, "  oldPort: { http: redirect }").Replace("  redirect: { status: 301 }", "  tls: { min: \"1.3\" }", StringComparison.Ordinal), 13, "claims.oldPort.http", "needs claims.redirect" },
        { "per-endpoint oldPort empty", With(13, "  oldPort: {}"), 13, "claims.oldPort", "names no endpoint" },
        { "sameCertificate naming a non-endpoint", Append("  sameCertificate: [https, api]"), 15, "claims.sameCertificate[1]", "'api' is not an endpoint" },
        { "sameCertificate naming a plaintext endpoint", Append("  sameCertificate: [https, http]"), 15, "claims.sameCertificate[1]", "'http' is not a TLS endpoint" },
        { "duplicate ports", With(10, "    port: \"{port:https}\""), 10, "endpoints.http.port", "already used by endpoint 'https'" },
        { "duplicate literal ports", With(8, "    port: 8443", "    trust: ca.pem", "  other:", "    port: 08443"), 11, "endpoints.other.port", "port 8443 is already used" },
        { "bad mutant id", Append("mutant: { name: M, breaks: [RD-1] }"), 15, "mutant.breaks[0]", "'RD-1' is not a scenario ID" },
        { "wrong apiVersion", With(1, "apiVersion: conformance/v2"), 1, "apiVersion", "unsupported apiVersion" },
        { "missing name", With(2, "description: no name"), 1, "name", "missing required field 'name'" },
        { "process without command", With(5, "  host: 127.0.0.1"), 3, "target.command", "missing required field 'command'" },
        { "endpoint target with command", With(4, "  kind: endpoint"), 5, "target.command", "has no command" },
        { "empty endpoints", string.Join('\n', Valid[..5].Append("endpoints: {}")), 6, "endpoints", "at least one endpoint" },
        { "TLS endpoint without trust", With(8, "    port: \"{port:https}\"", "    trust: []"), 9, "endpoints.https.trust", "at least one trust anchor" },
        { "redirectsTo a plaintext endpoint", With(11, "    plaintext: redirect", "    redirectsTo: http"), 12, "endpoints.http.redirectsTo", "'http' is not a TLS endpoint" },
        { "bad boolean", Append("  tls: { min: \"1.2\", assumed: yes }"), 15, "claims.tls.assumed", "expected true or false" },
        { "bad redirect status", With(14, "  redirect: { status: 200 }"), 14, "claims.redirect.status", "200 is not a redirect status" },
        { "self-signed leaf with SNI", Append("pki:", "  selfSignedLeaf: true", "  sni: { app: [a.b] }"), 17, "pki.sni", "self-signed leaf" },
        { "bad IP address", Append("pki: { ipAddresses: [localhost] }"), 15, "pki.ipAddresses[0]", "'localhost' is not an IP address" },
        { "unknown reload signal", With(5, "  command: /bin/true", "  reload: { signal: KILL }"), 6, "target.reload.signal", "'KILL' is not one of: HUP" },
        { "reload key misspelt", With(5, "  command: /bin/true", "  reload: { sginal: HUP }"), 6, "target.reload.sginal", "did you mean 'signal'?" },
        { "reload with signal and command", With(5, "  command: /bin/true", "  reload: { signal: HUP, command: [x] }"), 6, "target.reload", "either signal or command, not both" },
        { "reload with neither", With(5, "  command: /bin/true", "  reload: { within: 5s }"), 6, "target.reload.signal", "missing required field 'signal'" },
        { "reload with an empty command", With(5, "  command: /bin/true", "  reload:", "    command: []"), 7, "target.reload.command", "is empty" },
        { "reload command as text", With(5, "  command: /bin/true", "  reload:", "    command: nginx -s reload"), 7, "target.reload.command", "expected a list" },
        { "reload within not a duration", With(5, "  command: /bin/true", "  reload:", "    signal: HUP", "    within: soon"), 8, "target.reload.within", "'soon' is not a duration" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_profile_reports_the_line_and_field(string why, string yaml, int line, string field, string message)
    {
        var errors = ProfileLoader.ValidateText(yaml, File);

        Assert.True(
            errors.Any(e => e.Line == line && e.Field == field && e.Message.Contains(message, StringComparison.Ordinal) && e.File == File),
            $"{why}: expected {File}:{line}: {field}: …{message}…, got:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        var thrown = Assert.Throws<ProfileValidationException>(() => ProfileLoader.Parse(yaml, File));
        Assert.Equal(errors, thrown.Errors);
    }

    [Fact]
    public void The_valid_base_profile_of_the_catalog_has_no_errors()
    {
        Assert.Empty(ProfileLoader.ValidateText(string.Join('\n', Valid), File));
    }

    [Fact]
    public void Every_error_is_reported_not_just_the_first()
    {
        var yaml = string.Join('\n', "apiVersion: conformance/v1", "name: t", "target:", "  kind: proces", "endpoints:",
            "  https: { prot: 1, clientAuth: maybe }", "claims:", "  oldPort: sometimes", "  tls: { min: 1.1 }");

        var errors = ProfileLoader.ValidateText(yaml, File);

        string[] expected = ["claims.oldPort", "claims.tls.min", "endpoints.https.clientAuth", "endpoints.https.port", "endpoints.https.prot", "target.kind"];
        Assert.Equal(expected, errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        var prot = errors.Single(e => e.Field == "endpoints.https.prot");
        Assert.Equal((6, 12), (prot.Line, prot.Column));
    }

    [Fact]
    public void Unknown_key_error_points_at_the_key_column()
    {
        var error = Assert.Single(ProfileLoader.ValidateText(string.Join('\n', With(5, "  command: /bin/true", "  comand: x")), File));

        Assert.Equal((6, 3), (error.Line, error.Column));
        Assert.Equal("bad.yaml:6:3: target.comand: unknown key 'comand' (did you mean 'command'?)", error.ToString());
    }

    [Fact]
    public void Assumed_claims_list_each_key_they_set()
    {
        var yaml = Append("  tls: { min: \"1.3\", alpn: [h2], assumed: true }", "  reload: { mode: restart, downtimeBudget: 30s, assumed: true }", "  secret: { invalid: refuse-start, assumed: false }");

        var profile = ProfileLoader.Parse(yaml, File);

        Assert.Equal(["tls.min", "tls.alpn", "reload.mode", "reload.downtimeBudget"], profile.Assumptions);
        Assert.True(profile.Claims.Tls!.Assumed);
        Assert.Equal(["h2"], profile.Claims.Tls.Alpn);
        Assert.Equal(TimeSpan.FromSeconds(30), profile.Claims.Reload!.DowntimeBudget);
        Assert.Null(profile.Claims.Reload.Budget);
        Assert.False(profile.Claims.Secret!.Assumed);
    }

    [Fact]
    public void Assumed_as_a_list_assumes_only_the_keys_it_names()
    {
        var yaml = Append("  tls: { min: \"1.3\", alpn: [h2], assumed: [min] }", "  reload: { mode: hot, budget: 10s, assumed: [budget] }");

        var profile = ProfileLoader.Parse(yaml, File);

        Assert.Equal(["tls.min", "reload.budget"], profile.Assumptions);
        Assert.True(profile.Claims.Tls!.Assumed);
        Assert.Equal("1.3", profile.Claims.Tls.Min);
    }

    [Fact]
    public void Assumed_list_naming_a_key_the_claim_does_not_have_points_at_the_item()
    {
        var error = Assert.Single(ProfileLoader.ValidateText(Append("  tls: { min: \"1.3\", assumed: [min, mode] }"), File));

        Assert.Equal("claims.tls.assumed[1]", error.Field);
        Assert.Contains("'mode'", error.Message, StringComparison.Ordinal);
        Assert.Contains("min, alpn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_one_error_at_line_zero()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-profile-{Guid.NewGuid():N}.yaml");

        var error = Assert.Single(ProfileLoader.Validate(path));

        Assert.Equal(0, error.Line);
        Assert.Contains("file not found", error.Message, StringComparison.Ordinal);
        Assert.Throws<ProfileValidationException>(() => ProfileLoader.Load(path));
    }

    [Fact]
    public void Relative_trust_paths_resolve_next_to_the_profile_and_placeholders_stay()
    {
        var dir = Path.Combine(Path.GetTempPath(), "profiles-here");
        var yaml = With(8, "    port: 8443", "    trust: [ca/a.pem, \"{pki:ca}\", /abs/b.pem, self]");

        var profile = ProfileLoader.Parse(yaml, Path.Combine(dir, "p.yaml"));

        Assert.Equal([Path.Combine(dir, "ca", "a.pem"), "{pki:ca}", "/abs/b.pem", "self"], profile.Endpoint("https")!.Trust);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1m30s", 90_000)]
    public void Durations_parse(string text, int milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("10 s")]
    [InlineData("s")]
    [InlineData("1.5s")]
    [InlineData("")]
    public void Bad_durations_do_not_parse(string text) => Assert.False(Durations.TryParse(text, out _));

    /// <summary>The valid profile with line <paramref name="line"/> (1-based) replaced by <paramref name="replacement"/> lines.</summary>
    private static string With(int line, params string[] replacement) =>
        string.Join('\n', Valid[..(line - 1)].Concat(replacement).Concat(Valid[line..]));

    private static string Append(params string[] lines) => string.Join('\n', Valid.Concat(lines));
}
