using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Pki;
using Conformance.Profiles;
using Conformance.Targets.Containers;

namespace Conformance.Tests.Targets;

/// <summary>
/// The container target's profile section and how a run resolves it, without an engine: strings the container reads
/// name paths and ports inside it, the harness keeps host ports, and the certificate pair goes in with its links.
/// </summary>
public sealed class ContainerTargetFactoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("conformance-container-spec-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Profile = """
        apiVersion: conformance/v1
        name: my-image
        target:
          kind: container
          image: registry.example/server:1.2
          container:
            ports: { https: 8443, http: 80 }
            paths: { run: /work, tls: /etc/tls }
            entrypoint: [/server]
          args: [--cert, "{pki:cert}", --key, "{pki:key}", --listen, "{port:https}", --config, "{file:app.conf}", --ca, "{pki:bundle}"]
          env: { RUN_DIR: "{run:dir}" }
          files: { app.conf: TEMPLATE }
          reload: { command: [/server, reload, "{file:app.conf}"] }
        endpoints:
          https: { port: "{port:https}", serverName: localhost, trust: "{pki:ca}" }
          http: { port: "{port:http}", plaintext: redirect, redirectsTo: https }
        claims:
          oldPort: redirect
          redirect: { status: 301 }
        """;

    private Profile Load(string yaml)
    {
        var template = Path.Combine(_dir, "app.conf.template");
        File.WriteAllText(template, "cert {pki:cert}\nlisten {port:https}\npid {run:dir}/pid\n");
        return ProfileLoader.Parse(yaml.Replace("TEMPLATE", template, StringComparison.Ordinal), Path.Combine(_dir, "p.yaml"));
    }

    [Fact]
    public async Task Container_strings_name_paths_and_ports_inside_while_endpoints_keep_host_ports()
    {
        var profile = Load(Profile);
        Assert.Equal([new ContainerPortSpec("https", 8443), new ContainerPortSpec("http", 80)], profile.Target.Container!.Ports);

        await using var env = RunEnvironment.Prepare(profile, TimeProvider.System);
        var target = Assert.IsType<ContainerTarget>(env.Target);
        var s = target.Settings;

        Assert.Equal("registry.example/server:1.2", s.Image);
        Assert.Equal(["/server"], s.Entrypoint);
        Assert.Equal(["--cert", "/etc/tls/tls.crt", "--key", "/etc/tls/tls.key", "--listen", "8443", "--config", "/work/app.conf", "--ca", "/work/pki/bundle/ca.crt"], s.Command);
        Assert.Equal("/work", s.Environment["RUN_DIR"]);
        var https = env.Endpoints.Single(e => e.Name == "https");
        Assert.NotEqual(8443, https.Port);
        Assert.Equal(new PublishedPort("https", https.Port, 8443), s.Ports.Single(p => p.Name == "https"));
        Assert.Equal(s.Ports.Single(p => p.Name == "https"), s.ReadyPort);

        // The pair in kubelet's layout at paths.tls, links kept; the file rendered with the inside's view, once.
        var data = s.Files.Single(f => f.Path == "/etc/tls/..data");
        Assert.NotNull(data.LinkTarget);
        Assert.StartsWith("..", data.LinkTarget, StringComparison.Ordinal);
        Assert.Equal("..data/tls.crt", s.Files.Single(f => f.Path == "/etc/tls/tls.crt").LinkTarget);
        Assert.Contains(s.Files, f => f.Path == $"/etc/tls/{data.LinkTarget}/tls.key" && f.Content is { Length: > 0 });
        var conf = Assert.Single(s.Files, f => f.Path == "/work/app.conf");
        Assert.Equal("cert /etc/tls/tls.crt\nlisten 8443\npid /work/pid\n", System.Text.Encoding.UTF8.GetString(conf.Content!));
        Assert.DoesNotContain(s.Files, f => f.Path.StartsWith("/work/pki/live", StringComparison.Ordinal));
        Assert.DoesNotContain(s.Files, f => f.Content is { } c && System.Text.Encoding.UTF8.GetString(c).Contains(env.Workspace.Path, StringComparison.Ordinal));

        var actions = Assert.IsType<ContainerTargetActions>(env.Actions);
        Assert.Same(target, actions.Target);
    }

    [Fact]
    public async Task Knatives_activator_pair_and_bundle_folder_are_named_inside_the_container_and_copied_into_it()
    {
        // knative-container.yaml as shipped: the activator's own certificate ({pki:cert:activator}) and the trust-bundle
        // folder resolve to paths inside the container; claims.trustBundle.namespaces changes nothing here (one folder).
        var profile = ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, "knative-container.yaml"));
        Assert.Equal(["knative-serving", "knative-serving-ingress"], profile.Claims.TrustBundle!.Namespaces);

        await using var env = RunEnvironment.Prepare(profile, TimeProvider.System);
        var s = Assert.IsType<ContainerTarget>(env.Target).Settings;

        string After(string flag) => s.Command[s.Command.ToList().IndexOf(flag) + 1];
        var cert = After("--activator-cert");
        var key = After("--activator-key");
        Assert.StartsWith("/run/conformance/", cert, StringComparison.Ordinal);
        Assert.StartsWith("/run/conformance/", key, StringComparison.Ordinal);
        var pem = System.Text.Encoding.ASCII.GetString(Assert.Single(s.Files, f => f.Path == cert).Content!);
        Assert.Contains(PemWriter.CertificatesPem([env.Pki!.NamedLeaves["activator"].Certificate]).Trim(), pem, StringComparison.Ordinal);
        Assert.Contains(s.Files, f => f.Path == key && f.Content is { Length: > 0 });
        Assert.Equal("/etc/conformance/trust-bundles", After("--trust-bundles"));
    }

    [Fact]
    public async Task A_port_list_publishes_each_name_at_the_same_number_inside()
    {
        var profile = Load(Profile.Replace("ports: { https: 8443, http: 80 }", "ports: [https, http]", StringComparison.Ordinal));

        await using var env = RunEnvironment.Prepare(profile, TimeProvider.System);
        var s = Assert.IsType<ContainerTarget>(env.Target).Settings;

        Assert.All(s.Ports, p => Assert.Equal(p.HostPort, p.ContainerPort));
        Assert.Equal(env.Endpoints.Single(e => e.Name == "https").Port.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Command[5]);
    }

    [Theory]
    [InlineData("ports: { https: 8443, http: 80 }", "prts: [https]", "target.container.prts", "did you mean 'ports'")]
    [InlineData("ports: { https: 8443, http: 80 }", "ports: [https, https]", "target.container.ports", "listed twice")]
    [InlineData("paths: { run: /work, tls: /etc/tls }", "paths: { run: /work, tls: etc/tls }", "target.container.paths.tls", "absolute")]
    [InlineData("  container:\n", "  containr:\n", "target.containr", "did you mean 'container'")]
    public void Bad_container_sections_are_reported_with_field_and_line(string find, string replace, string field, string message)
    {
        var yaml = Profile.Replace(find, replace, StringComparison.Ordinal).Replace("TEMPLATE", "/dev/null", StringComparison.Ordinal);

        var errors = ProfileLoader.ValidateText(yaml, "p.yaml");

        var error = Assert.Single(errors, e => e.Field == field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 3, error.ToString());
    }

    [Fact]
    public void Only_a_container_target_has_a_container_section()
    {
        var errors = ProfileLoader.ValidateText(
            "apiVersion: conformance/v1\nname: t\ntarget:\n  kind: process\n  command: /bin/true\n  container: { ports: [https] }\nendpoints:\n  https: { port: 8443 }\n", "p.yaml");

        var error = Assert.Single(errors);
        Assert.Equal(("target.container", 6), (error.Field, error.Line));
    }
}
