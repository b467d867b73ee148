using System.Text.Json;
using Conformance.Cli;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Cli;

/// <summary><c>--suite</c>, <c>--scenario</c>, <c>--fail-on</c> and <c>--parallel</c> on real runs (their bad values are in BadInput/).</summary>
public sealed class RunFilterTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-filter-test-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Suite_and_scenario_filters_select_exactly_what_they_name_in_catalog_order()
    {
        var (code, ids) = await RunAsync("--suite", "tls-version", "--scenario", "PT-01", "--scenario", "tv-03");
        Assert.Equal(ExitCodes.Conformant, code);

        // Both filters hold at once: a scenario must be in a named suite and among the named IDs.
        Assert.Equal(["TV-03"], ids);

        (code, ids) = await RunAsync("--suite", "TLS-version", "--suite", "plaintext");
        Assert.Equal(ExitCodes.Conformant, code);
        Assert.Equal(Catalog.All.Where(s => s.Info.Suite is "plaintext" or "tls-version").Select(s => s.Info.Id), ids);

        (code, ids) = await RunAsync("--scenario", "TV-01", "--scenario", "pt-02", "--parallel", "1");
        Assert.Equal(ExitCodes.Conformant, code);
        Assert.Equal(["PT-02", "TV-01"], ids);
    }

    [Theory]
    [InlineData("must", ExitCodes.Conformant)]
    [InlineData("SHOULD", ExitCodes.NonConformant)]
    [InlineData("may", ExitCodes.NonConformant)]
    public async Task Fail_on_sets_which_levels_gate(string failOn, int expected)
    {
        // TV-03 is a SHOULD; the reference server never negotiates spdy/3.1, so declaring it fails TV-03 (and nothing else runs).
        var profile = _dir.File($"fail-on-{Guid.NewGuid():N}.yaml");
        var yaml = await File.ReadAllTextAsync(RepoPaths.Profile("reference.yaml"), TestContext.Current.CancellationToken);
        Assert.Contains("alpn: [h2, http/1.1]", yaml, StringComparison.Ordinal);
        await File.WriteAllTextAsync(profile, yaml.Replace("alpn: [h2, http/1.1]", "alpn: [h2, http/1.1, spdy/3.1]", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var (code, ids) = await RunAsync("--profile", profile, "--scenario", "TV-03", "--fail-on", failOn);
        Assert.Equal(["TV-03"], ids);
        Assert.Equal(expected, code);
    }

    [Fact]
    public async Task A_certificate_without_serverAuth_fails_the_default_gate()
    {
        // SAN-05 owns the EKU (SAN-01 defers it) and is a MUST: clients refuse such a leaf, so the default gate must too.
        var (code, ids) = await RunAsync("--profile", RepoPaths.Profile("mutants/ClientAuthOnlyEku.yaml"), "--scenario", "SAN-05", "--scenario", "SAN-01");
        Assert.Equal(["SAN-01", "SAN-05"], ids);
        Assert.Equal(ExitCodes.NonConformant, code);
    }

    private async Task<(int Code, List<string> Ids)> RunAsync(params string[] args)
    {
        var ct = TestContext.Current.CancellationToken;
        var runs = _dir.File($"runs-{Guid.NewGuid():N}");
        using var o = new StringWriter();
        using var e = new StringWriter();
        var code = await ConformanceApp.RunAsync(["run", "--out", runs, "--seed", "3", .. args], o, e, ct);
        var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(runs, "latest", "results.json"), ct)).RootElement;
        return (code, [.. json.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("id").GetString()!)]);
    }
}
