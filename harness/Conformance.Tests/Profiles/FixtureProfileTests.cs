using Conformance.Drivers;
using Conformance.Pki;
using Conformance.Profiles;

namespace Conformance.Tests.Profiles;

public sealed class FixtureProfileTests
{
    public static TheoryData<string> FixtureFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.FixtureProfiles, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepoPaths.FixtureProfiles, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void Fixture_profile_loads_without_errors(string relative)
    {
        var path = Path.Combine(RepoPaths.FixtureProfiles, relative);

        var errors = ProfileLoader.Validate(path);

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        var profile = ProfileLoader.Load(path);
        Assert.Equal(Path.GetFullPath(path), profile.SourcePath);
        Assert.NotEmpty(profile.Endpoints);
    }

    [Fact]
    public void Every_mutant_profile_names_its_mutant_and_the_scenarios_it_breaks()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.FixtureProfiles, "mutants"), "*.yaml");

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var profile = ProfileLoader.Load(file);
            var mutant = Assert.IsType<MutantSpec>(profile.Mutant);
            Assert.Equal(Path.GetFileNameWithoutExtension(file), mutant.Name);
            Assert.NotEmpty(mutant.Breaks);
            if (profile.Target.Environment.TryGetValue("CONFORMANCE_REFERENCE_MUTANT", out var named))
            {
                Assert.Equal(mutant.Name, named);
                continue;
            }

            // A configuration mutant: the conformant reference started with a wrong configuration (Direktiv's ingress
            // port given flow's certificate), so its arguments must differ from the base profile's.
            var extends = File.ReadAllLines(file).Single(l => l.StartsWith("extends: ", StringComparison.Ordinal))["extends: ".Length..].Trim();
            var parent = ProfileLoader.Load(Path.Combine(Path.GetDirectoryName(file)!, extends));
            Assert.False(parent.Target.Args.SequenceEqual(profile.Target.Args), $"{file} names no reference mutant (target.env.CONFORMANCE_REFERENCE_MUTANT) and starts the reference exactly as its base does");
        }
    }

    /// <summary>A mutant is its base profile except the defect: an overlay holding only what differs, not a copy.</summary>
    [Fact]
    public void Every_mutant_profile_is_a_short_overlay_of_a_shipped_profile()
    {
        const int MaxLines = 20;
        var files = Directory.GetFiles(Path.Combine(RepoPaths.FixtureProfiles, "mutants"), "*.yaml")
            .Append(Path.Combine(RepoPaths.FixtureProfiles, "pending", "RotatesWithoutOverlap.yaml"))
            .ToList();

        foreach (var file in files)
        {
            var profile = ProfileLoader.Load(file);
            var composition = Assert.IsType<ProfileComposition>(profile.Composition);
            Assert.True(composition.Files.Count >= 2, $"{file} extends nothing");
            // Two mutants start a second TLS port or client CA on the command line: their args list is restated whole.
            var restatesArgs = File.ReadAllText(file).Contains("\n  args:\n", StringComparison.Ordinal);
            var lines = File.ReadAllLines(file).Length;
            Assert.True(lines <= (restatesArgs ? 50 : MaxLines), $"{file} has {lines} lines: an overlay holds only what differs from its base");
        }
    }

    [Fact]
    public void Feldera_declares_its_unstated_claims_as_assumptions()
    {
        var profile = ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, "feldera.yaml"));

        Assert.Equal(["tls.min", "reload.mode"], profile.Assumptions);
        Assert.Equal(OldPortMode.Same, profile.Claims.OldPort);
        // The document's four components, one certificate for all of them; none plaintext by design (PT-04 judges three).
        Assert.Equal(["api", "compiler", "runner", "pipelines"], profile.Endpoints.Select(e => e.Name));
        Assert.Equal(["api", "compiler", "runner", "pipelines"], Assert.Single(profile.Claims.SameCertificate));
        Assert.All(profile.Endpoints, e => Assert.True(e.IsTls && e.Certificate is null, e.Name));
        Assert.True(profile.Pki.SelfSignedLeaf);
        Assert.Equal(KeySpec.Rsa4096, profile.Pki.Key);
        Assert.Equal(EkuSpec.None, profile.Pki.Eku);
        Assert.All(profile.Endpoints, e => Assert.Equal(["self"], e.Trust));
        Assert.Equal(ReloadMode.None, profile.Claims.Reload?.Mode);
    }

    [Fact]
    public void Feldera_kubernetes_variant_mounts_feldera_https_config_for_the_same_four_components()
    {
        var process = ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, "feldera.yaml"));
        var cluster = ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, "feldera-kubernetes.yaml"));

        var kubernetes = Assert.IsType<KubernetesSpec>(cluster.Target.Kubernetes);
        Assert.Equal("feldera-https-config", kubernetes.Secret);
        Assert.Equal(["api", "compiler", "pipelines", "runner"], kubernetes.Ports.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(4, kubernetes.Ports.Values.Distinct().Count());
        Assert.Equal(process.Endpoints.Select(e => (e.Name, e.ServerName, e.Trust.Single())), cluster.Endpoints.Select(e => (e.Name, e.ServerName, e.Trust.Single())));
        Assert.Equal(process.Claims.SameCertificate.Single(), cluster.Claims.SameCertificate.Single());
        Assert.Equal(process.Assumptions, cluster.Assumptions);
    }

    [Theory]
    [InlineData("flux.yaml")]
    [InlineData("flux-kubernetes.yaml")]
    public void Flux_puts_the_trailing_dot_on_the_notification_controller_and_the_portless_url_on_the_source_controller(string file)
    {
        var profile = ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, file));

        var https = profile.Endpoint("https")!;
        Assert.Equal("source-controller.flux-system.svc.cluster.local", https.ServerName);
        Assert.Equal("https://source-controller.flux-system.svc.cluster.local", https.ExternalUrl);

        // The RFC's --events-addr=https://notification-controller.flux-system.svc.cluster.local./
        var events = profile.Endpoint("events")!;
        Assert.Equal("notification-controller.flux-system.svc.cluster.local.", events.ServerName);
        Assert.True(events.IsTls);
        Assert.Null(events.Certificate);
        Assert.Equal(OldPortMode.Redirect, profile.Claims.OldPorts["http"]);
        Assert.Null(profile.Claims.OldPort);
        Assert.Equal("1.3", profile.Claims.Tls?.Min);
        Assert.Equal("refuse-start", profile.Claims.Secret?.Invalid);
        Assert.Equal(new ReloadClaim { Mode = ReloadMode.Restart, Budget = TimeSpan.FromSeconds(60), DowntimeBudget = TimeSpan.FromSeconds(30), Assumed = true }, profile.Claims.Reload);

        // Non-Goals: "Define TLS rotation mechanisms": the restart is the RFC's, its budgets are not.
        Assert.Equal(["reload.budget", "reload.downtimeBudget"], profile.Assumptions);
        Assert.Equal(PlaintextMode.Redirect, profile.Endpoint("http")!.Plaintext);
    }

    [Fact]
    public void Flux_claims_the_notification_controllers_old_port_closed_while_the_source_controllers_redirects()
    {
        var profile = ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, "flux.yaml"));

        Assert.Equal(new Dictionary<string, OldPortMode> { ["http"] = OldPortMode.Redirect, ["events-http"] = OldPortMode.Closed }, profile.Claims.OldPorts);
        Assert.Equal(PlaintextMode.Closed, profile.Endpoint("events-http")!.Plaintext);
        Assert.Contains("{port:events}", profile.Target.Args);
        Assert.DoesNotContain("{port:events-http}", profile.Target.Args);
    }

    [Fact]
    public void Reference_redirect_base_is_the_https_external_url()
    {
        var profile = ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, "reference.yaml"));

        var args = profile.Target.Args.ToList();
        var redirectBase = args[args.IndexOf("--redirect-base") + 1];
        Assert.Equal(profile.Endpoint("https")!.ExternalUrl, redirectBase);
        Assert.Equal(["app.conformance", "app.conformance.svc", "app.conformance.svc.cluster.local"], profile.Pki.Sni["app"]);
        Assert.Equal(TimeSpan.FromSeconds(20), profile.Target.Ready?.Within);
    }

    [Fact]
    public void Nginx_template_path_is_resolved_next_to_the_profile()
    {
        var profile = ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, "nginx.yaml"));

        var template = profile.Target.Files["nginx.conf"];
        Assert.True(Path.IsPathRooted(template));
        Assert.Equal(Path.Combine(RepoPaths.Root, "fixtures", "nginx", "nginx.conf.template"), template);
        Assert.True(File.Exists(template));
        Assert.Equal("daemon off;", profile.Target.Args[^1]);
    }
}
