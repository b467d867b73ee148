using Conformance.Drivers;
using Conformance.Profiles;

namespace Conformance.Tests.Profiles;

/// <summary><c>claims.trustBundle</c>: parsed with its defaults, and every mistake reported with its line and field.</summary>
public sealed class TrustBundleClaimTests
{
    private const string File = "tb.yaml";

    private static string Yaml(string claim, string args = "[--trust-bundles, \"{run:bundles}\"]") => string.Join('\n',
        "apiVersion: conformance/v1",             // 1
        "name: t",                                // 2
        "target:",                                // 3
        "  kind: process",                        // 4
        "  command: /bin/true",                   // 5
        $"  args: {args}",                        // 6
        "endpoints:",                             // 7
        "  https:",                               // 8
        "    port: \"{port:https}\"",             // 9
        "  activator:",                           // 10
        "    port: \"{port:activator}\"",         // 11
        "    plaintext: by-design",               // 12
        "claims:",                                // 13
        "  trustBundle:",                         // 14
        claim) + "\n";                            // 15..

    [Fact]
    public void A_full_claim_is_read()
    {
        var p = ProfileLoader.Parse(Yaml("    { invalidEntry: skip-key, via: activator, upstream: \"{port:upstream}\", serverName: kn-routing, labelValue: any, namespaces: [knative-serving, knative-serving-ingress], pickupWithin: 3s, warning: 'invalid.*cert', assumed: true }"), File);
        var tb = Assert.IsType<TrustBundleClaim>(p.Claims.TrustBundle);
        Assert.Equal(TrustBundleClaim.SkipKey, tb.InvalidEntry);
        Assert.Equal("activator", tb.Via);
        Assert.Equal("{port:upstream}", tb.Upstream);
        Assert.Equal("kn-routing", tb.ServerName);
        Assert.Equal(TrustBundleClaim.LabelAny, tb.LabelValue);
        Assert.Equal(["knative-serving", "knative-serving-ingress"], tb.Namespaces);
        Assert.Equal(TimeSpan.FromSeconds(3), tb.PickupWithin);
        Assert.Equal("invalid.*cert", tb.Warning);
        Assert.Contains("trustBundle.invalidEntry", p.Assumptions);
    }

    [Fact]
    public void Defaults_are_knatives_server_name_label_value_true_and_ten_seconds()
    {
        var tb = ProfileLoader.Parse(Yaml("    { invalidEntry: skip-entry, via: activator, upstream: 9443 }"), File).Claims.TrustBundle!;
        Assert.Equal("data-plane.knative.dev", tb.ServerName);
        Assert.Equal(TrustBundleClaim.LabelTrue, tb.LabelValue);
        Assert.Equal(TimeSpan.FromSeconds(10), tb.PickupWithin);
        Assert.Null(tb.Warning);
        Assert.Empty(tb.Namespaces);
        Assert.Equal("9443", tb.Upstream);
    }

    public static TheoryData<string, string, int, string, string> Cases() => new()
    {
        { "bad invalidEntry", Yaml("    { invalidEntry: skip-entri, via: activator, upstream: 1 }"), 15, "claims.trustBundle.invalidEntry", "'skip-entri' is not one of: skip-entry, skip-key (did you mean 'skip-entry'?)" },
        { "missing invalidEntry", Yaml("    { via: activator, upstream: 1 }"), 14, "claims.trustBundle.invalidEntry", "missing required field 'invalidEntry'" },
        { "missing via", Yaml("    { invalidEntry: skip-entry, upstream: 1 }"), 14, "claims.trustBundle.via", "missing required field 'via'" },
        { "via not an endpoint", Yaml("    { invalidEntry: skip-entry, via: activater, upstream: 1 }"), 15, "claims.trustBundle.via", "'activater' is not an endpoint of this profile (did you mean 'activator'?)" },
        { "bad upstream", Yaml("    { invalidEntry: skip-entry, via: activator, upstream: upstream }"), 15, "claims.trustBundle.upstream", "'upstream' is not a port number" },
        { "bad labelValue", Yaml("    { invalidEntry: skip-entry, via: activator, upstream: 1, labelValue: yes }"), 15, "claims.trustBundle.labelValue", "'yes' is not one of: true, any" },
        { "bad pickupWithin", Yaml("    { invalidEntry: skip-entry, via: activator, upstream: 1, pickupWithin: soon }"), 15, "claims.trustBundle.pickupWithin", "'soon' is not a duration" },
        { "zero pickupWithin", Yaml("    { invalidEntry: skip-entry, via: activator, upstream: 1, pickupWithin: 0s }"), 15, "claims.trustBundle.pickupWithin", "must be longer than zero" },
        { "bad warning regex", Yaml("    { invalidEntry: skip-entry, via: activator, upstream: 1, warning: '(unclosed' }"), 15, "claims.trustBundle.warning", "not a valid regular expression" },
        { "namespace not a name", Yaml("    { invalidEntry: skip-entry, via: activator, upstream: 1, namespaces: [knative-serving, Knative_Ingress] }"), 15, "claims.trustBundle.namespaces[1]", "'Knative_Ingress' is not a namespace name" },
        { "namespace too long", Yaml($"    {{ invalidEntry: skip-entry, via: activator, upstream: 1, namespaces: [{new string('n', 64)}] }}"), 15, "claims.trustBundle.namespaces[0]", "is not a namespace name" },
        { "namespace twice", Yaml("    { invalidEntry: skip-entry, via: activator, upstream: 1, namespaces: [knative-serving, knative-serving] }"), 15, "claims.trustBundle.namespaces[1]", "'knative-serving' is listed twice" },
        { "no namespace", Yaml("    { invalidEntry: skip-entry, via: activator, upstream: 1, namespaces: [] }"), 15, "claims.trustBundle.namespaces", "must name at least one namespace" },
        { "namespaces not a list", Yaml("    { invalidEntry: skip-entry, via: activator, upstream: 1, namespaces: knative-serving }"), 15, "claims.trustBundle.namespaces", "must be a list of namespace names" },
        { "unknown key", Yaml("    { invalidEntry: skip-entry, via: activator, upstream: 1, pickupWithn: 3s }"), 15, "claims.trustBundle.pickupWithn", "did you mean 'pickupWithin'?" },
        { "not a mapping", Yaml("    skip-entry"), 15, "claims.trustBundle", "expected a mapping" },
        { "folder never passed", Yaml("    { invalidEntry: skip-entry, via: activator, upstream: 1 }", "[--https, \"{port:https}\"]"), 15, "claims.trustBundle", "pass \"{run:bundles}\" in target.args or target.env" },
    };

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("true")]
    public void The_documented_label_value_reads_quoted_or_bare(string written)
    {
        var tb = ProfileLoader.Parse(Yaml($"    {{ invalidEntry: skip-entry, via: activator, upstream: 1, labelValue: {written} }}"), File).Claims.TrustBundle!;
        Assert.Equal(TrustBundleClaim.LabelTrue, tb.LabelValue);
    }

    [Fact]
    public void Every_mistake_of_the_claim_is_reported_at_once()
    {
        var e = Assert.Throws<ProfileValidationException>(() => ProfileLoader.Parse(Yaml("    { invalidEntry: skip_entry, via: activater, upstream: x }", "[]"), File));
        Assert.Equal(
            ["claims.trustBundle", "claims.trustBundle.invalidEntry", "claims.trustBundle.upstream", "claims.trustBundle.via"],
            e.Errors.Select(x => x.Field).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Mistakes_are_reported_with_line_and_field(string name, string yaml, int line, string field, string message)
    {
        var e = Assert.Throws<ProfileValidationException>(() => ProfileLoader.Parse(yaml, File));
        Assert.Contains(e.Errors, x => x.Line == line && x.Field == field && x.Message.Contains(message, StringComparison.Ordinal) && x.File == File);
        Assert.False(string.IsNullOrEmpty(name));
    }
}
