using System.Text.RegularExpressions;
using Conformance.Engine;
using Conformance.Suites.Tests.Support;
using Conformance.Profiles;

namespace Conformance.Suites.Tests.Declarations;

/// <summary>
/// The catalog's declarations: cross-scenario results are declared facts the engine orders by, and every scenario
/// that acts on the target declares the capability it uses, from which alone its not-applicable reason is worded.
/// </summary>
public sealed partial class ScenarioDeclarationTests
{
    private static readonly string Scenarios = Path.Combine(RepoPaths.Root, "suites", "Conformance.Suites");

    /// <summary>
    /// What makes a scenario use a capability: a context member that changes the target, or a support entry point that
    /// reaches one. A support class that touches such a member must be listed here (checked below).
    /// </summary>
    private static readonly (string Token, TargetCapability Needs)[] Uses =
    [
        ("ctx.Actions", TargetCapability.SwapCertificate | TargetCapability.Reload | TargetCapability.Restart | TargetCapability.WriteTrustBundles),
        ("ctx.StartVariantAsync", TargetCapability.StartVariant),
        ("ctx.ReplaceServerCertificateAsync", TargetCapability.SwapCertificate),
        ("Rotations.RunAsync", TargetCapability.SwapCertificate),
        ("Rotations.RestoreAsync", TargetCapability.SwapCertificate),
        ("Rotations.ActionsOf", TargetCapability.SwapCertificate),
        ("LogChecks.ChangeAsync", TargetCapability.SwapCertificate),
        ("Sensitivity.GetAsync", TargetCapability.SwapCertificate),
        ("SecretInputs.AttemptAsync", TargetCapability.StartVariant),
        ("TrustBundleSession.RunAsync", TargetCapability.WriteTrustBundles),
    ];

    private static IScenario Scenario(string id) => Suites.Catalog.All.Single(s => s.Info.Id == id);

    private static string SourceOf(IScenario s) =>
        File.ReadAllText(Directory.EnumerateFiles(Scenarios, s.GetType().Name + ".cs", SearchOption.AllDirectories).Single());

    [Fact]
    public void Rotation_scenarios_consume_the_sensitivity_RT05_produces_and_LG04_the_keys_the_log_scenarios_installed()
    {
        var sensitivity = Assert.Single(Scenario("RT-05").Info.Produces);
        Assert.Contains(sensitivity, Scenario("RT-01").Info.Consumes);
        Assert.Contains(sensitivity, Scenario("RT-02").Info.Consumes);

        var keys = Assert.Single(Scenario("LG-04").Info.Consumes);
        Assert.Equal(["LG-01", "LG-03"], Suites.Catalog.All.Where(s => s.Info.Produces.Contains(keys)).Select(s => s.Info.Id));
    }

    [Fact]
    public void The_run_order_keeps_RT05_before_RT01_and_LG04_after_its_writers_even_without_its_phase_flag()
    {
        var all = Suites.Catalog.All;
        var plan = ScenarioDependencies.Plan(all, ScenarioDependencies.Producers(all));
        string[] Ids(IEnumerable<int> order) => [.. order.Select(i => all[i].Info.Id)];

        Assert.Equal(["SV-03", "SV-04", "RT-05", "RT-01", "RT-02", "RT-03", "RT-04", "LG-01", "LG-03", "TB-01", "TB-02", "TB-03", "TB-04"], Ids(plan.Serial));
        Assert.Equal(["LG-04"], Ids(plan.Last));

        // The declaration alone still puts LG-04 after LG-01 and LG-03.
        var withoutFlag = all.Select(s => s.Info.Id == "LG-04" ? new Relabelled(s, s.Info with { ReadsWholeRun = false }) : s).ToList();
        var serial = Ids(ScenarioDependencies.Plan(withoutFlag, ScenarioDependencies.Producers(withoutFlag)).Serial);
        Assert.True(Array.IndexOf(serial, "LG-04") > Array.IndexOf(serial, "LG-03"), string.Join(", ", serial));
        Assert.True(Array.IndexOf(serial, "LG-04") > Array.IndexOf(serial, "LG-01"), string.Join(", ", serial));
    }

    [Fact]
    public void No_scenario_file_words_a_capability_reason_itself()
    {
        var offences = Directory.EnumerateFiles(Scenarios, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(x => CapabilityQuestion().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(RepoPaths.Root, x.f)}:{x.i + 1}")
            .ToList();

        Assert.True(offences.Count == 0, "declare ScenarioInfo.Requires instead:\n" + string.Join('\n', offences));
    }

    [Fact]
    public void Every_scenario_that_uses_a_capability_declares_it()
    {
        var missing = new List<string>();
        foreach (var s in Suites.Catalog.All)
        {
            var source = SourceOf(s);
            foreach (var (token, needs) in Uses.Where(u => source.Contains(u.Token, StringComparison.Ordinal)))
            {
                if ((s.Info.Requires & needs) == TargetCapability.None)
                {
                    missing.Add($"{s.Info.Id} uses {token} but declares {s.Info.Requires}");
                }
            }
        }

        Assert.True(missing.Count == 0, string.Join('\n', missing));
        Assert.Equal(
            ["SV-01", "SV-02", "SV-03", "SV-04", "RT-05", "RT-01", "RT-02", "RT-03", "RT-04", "LG-01", "LG-03", "TB-01", "TB-02", "TB-03", "TB-04"],
            Suites.Catalog.All.Where(s => s.Info.Requires != TargetCapability.None).Select(s => s.Info.Id));
    }

    [Fact]
    public void Every_support_class_that_reaches_a_capability_is_known_to_the_check_above()
    {
        var known = Uses.Select(u => u.Token.Split('.')[0]).Where(c => c != "ctx").ToHashSet(StringComparer.Ordinal);
        var unknown = Directory.EnumerateFiles(Path.Combine(Scenarios, "Support"), "*.cs")
            .Where(f => Uses.Any(u => File.ReadAllText(f).Contains(u.Token, StringComparison.Ordinal)) || File.ReadAllText(f).Contains("_ctx.Actions", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .Where(c => !known.Contains(c!))
            .ToList();

        Assert.True(unknown.Count == 0, "add their acting entry points to Uses: " + string.Join(", ", unknown));
    }

    // HarnessPki is what the run's certificates are, not something a scenario does to the target: the mTLS reasons
    // still name it in their wording (why no client certificate can be issued), which declares nothing.
    [GeneratedRegex(@"TargetCapabilities\.Missing\b|TargetCapabilities\.Has\([^)]*TargetCapability\.(?!HarnessPki\b)")]
    private static partial Regex CapabilityQuestion();

    private sealed class Relabelled(IScenario inner, ScenarioInfo info) : IScenario
    {
        public ScenarioInfo Info { get; } = info;

        public Task<Model.Verdict> RunAsync(ScenarioContext context, CancellationToken cancellationToken) => inner.RunAsync(context, cancellationToken);
    }
}
