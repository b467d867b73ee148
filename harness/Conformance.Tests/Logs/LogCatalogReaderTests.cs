using Conformance.Drivers;
using Conformance.Inputs;
using Conformance.Logs;
using Conformance.Targets.Containers;
using Conformance.Targets.Kubernetes;

namespace Conformance.Tests.Logs;

/// <summary>The catalog reader: the shipped catalogs read, and every kind of mistake is reported with its line and field.</summary>
public sealed class LogCatalogReaderTests
{
    private const string Head = "apiVersion: conformance/v1\nkind: LogCatalog\nname: t\nformat: json\nsource: { streams: [stdout] }\n";

    [Fact]
    public void Queue_proxy_catalog_reads_with_its_start_and_rotation_lines()
    {
        var (catalog, errors) = LogCatalogReader.ReadFile(Path.Combine(RepoPaths.Root, "fixtures", "logs", "queue-proxy.yaml"));

        Assert.Empty(errors);
        Assert.NotNull(catalog);
        Assert.Equal(LogFormat.Json, catalog.Format);
        Assert.Equal(["stdout", "queue-proxy"], catalog.Source.Streams);
        Assert.Equal(["watch", "first-load", "admin", "main"], catalog.After(LogTrigger.Start).Select(l => l.Name));
        var reload = Assert.Single(catalog.After(LogTrigger.Rotation));
        Assert.True(reload.ServedWhenLogged);
        Assert.Equal(LogCount.Once, reload.Count);
        Assert.Equal("error", catalog.Errors!.AtLeast);
    }

    [Fact]
    public void Queue_proxy_catalog_pins_the_admin_port_and_the_cert_dir_as_the_document_prints_them()
    {
        var (catalog, _) = LogCatalogReader.ReadFile(Path.Combine(RepoPaths.Root, "fixtures", "logs", "queue-proxy.yaml"));
        var lines = catalog!.After(LogTrigger.Start).ToDictionary(l => l.Name);
        string Resolve(string placeholder) => placeholder switch
        {
            "{port:admin}" => "8022",
            "{port:https}" => "8112",
            "{pki:live}" => "/run/conformance/pki/live",
            _ => throw new ArgumentException(placeholder),
        };

        var admin = LogMatcher.Compile(lines["admin"].Pattern, Resolve);
        Assert.Matches(admin, "Starting tls server admin:8022");
        Assert.DoesNotMatch(admin, "Starting tls server admin:9090");
        Assert.DoesNotMatch(admin, "Starting tls server admin:80220");

        var watch = LogMatcher.Compile(lines["watch"].Pattern, Resolve);
        Assert.Matches(watch, "Starting to watch the following directories for changes{certDir 15 0 /var/lib/knative/certs <nil>}");
        Assert.Matches(watch, "Starting to watch the following directories for changes{certDir 15 0 /run/conformance/pki/live <nil>}");
        Assert.DoesNotMatch(watch, "Starting to watch the following directories for changes{certDir 15 0 /tmp/elsewhere <nil>}");
        Assert.DoesNotMatch(watch, "Starting to watch the following directories for changes{certDir 15 0 /var/lib/knative/certs-app <nil>}");
    }

    [Fact]
    public void The_catalog_placeholders_name_what_the_implementation_sees_on_the_kubernetes_and_container_targets()
    {
        var kubernetes = ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, "knative-kubernetes.yaml"));
        Assert.Equal("8022", KubernetesPlaceholders.ForLogs(kubernetes, new PlaceholderResolver())("{port:admin}"));

        var container = ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, "knative-container.yaml"));
        Assert.Equal(container.Target.Container!.TlsDirectory, new ContainerDriver().LogPlaceholders(container, new PlaceholderResolver())("{pki:live}"));
    }

    [Fact]
    public void Nginx_catalog_tails_a_file_and_uses_a_text_error_rule()
    {
        var (catalog, errors) = LogCatalogReader.ReadFile(Path.Combine(RepoPaths.Root, "fixtures", "logs", "nginx.yaml"));

        Assert.Empty(errors);
        Assert.Equal("{run:dir}/error.log", catalog!.Source.File);
        Assert.Equal(LogFormat.Text, catalog.Format);
        Assert.NotNull(catalog.Errors!.Pattern);
        Assert.False(catalog.After(LogTrigger.Rotation).Single().ServedWhenLogged);
    }

    [Fact]
    public void Every_mistake_is_reported_with_its_line_and_field()
    {
        var yaml = Head +
            "lines:\n" +
            "  - name: x\n" +                                   // line 7
            "    pattern: '([unclosed'\n" +                     // line 8
            "    when: { after: rotaton, within: 10q }\n" +     // line 9
            "    count: twice\n" +                              // line 10
            "    colour: red\n";                                // line 11

        var (catalog, errors) = LogCatalogReader.Read(yaml, "cat.yaml");

        Assert.Null(catalog);
        Assert.Contains(errors, e => e is { Line: 8, Field: "lines[0].pattern" } && e.Message.Contains("regular expression", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Line: 9, Field: "lines[0].when.after" } && e.Message.Contains("did you mean 'rotation'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Line: 9, Field: "lines[0].when.within" });
        Assert.Contains(errors, e => e is { Line: 10, Field: "lines[0].count" } && e.Message.Contains("exactly N", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Line: 11, Field: "lines[0].colour" } && e.Message.Contains("unknown key", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Equal("cat.yaml", e.File));
        Assert.Equal(5, errors.Count);
    }

    [Theory]
    [InlineData("format: xml\n", "format")]
    [InlineData("errors: { atLeast: loud }\n", "errors.atLeast")]
    [InlineData("errors: { pattern: '[' }\n", "errors.pattern")]
    [InlineData("source: { streams: [stdout], file: x.log }\n", "source.streams")]
    [InlineData("lines:\n  - { name: a, pattern: a, when: { after: start }, servedWhenLogged: true }\n", "lines[0].servedWhenLogged")]
    [InlineData("lines:\n  - { name: a, pattern: a }\n", "lines[0].when")]
    [InlineData("lines:\n  - { name: a, pattern: a, when: { after: start } }\n  - { name: a, pattern: b, when: { after: start } }\n", "lines[1].name")]
    public void Bad_values_name_their_field(string extra, string field)
    {
        var yaml = "apiVersion: conformance/v1\nkind: LogCatalog\nname: t\n" + (extra.StartsWith("source", StringComparison.Ordinal) ? string.Empty : "source: { streams: [stdout] }\n") + extra +
            (extra.Contains("lines", StringComparison.Ordinal) ? string.Empty : "lines:\n  - { name: z, pattern: z, when: { after: start } }\n");

        var (_, errors) = LogCatalogReader.Read(yaml, "cat.yaml");

        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void Placeholders_in_a_pattern_are_allowed_where_a_regex_quantifier_would_be_wrong()
    {
        var (catalog, errors) = LogCatalogReader.Read(Head + "lines:\n  - { name: m, pattern: '^main ?:{port:https}$', when: { after: start } }\n", "cat.yaml");

        Assert.Empty(errors);
        Assert.Equal("^main ?:{port:https}$", catalog!.Lines[0].Pattern);
    }

    [Fact]
    public void A_profile_naming_a_bad_catalog_reports_the_catalogs_file_and_line()
    {
        using var dir = new TempDir();
        var catalogPath = Path.Combine(dir.Path, "bad.yaml");
        File.WriteAllText(catalogPath, Head + "lines:\n  - { name: a, pattern: a, when: { after: start }, count: sometimes }\n");
        var profile = File.ReadAllText(Path.Combine(RepoPaths.FixtureProfiles, "knative.yaml")).Replace("../logs/queue-proxy.yaml", "bad.yaml", StringComparison.Ordinal);
        var profilePath = Path.Combine(dir.Path, "p.yaml");
        File.WriteAllText(profilePath, profile);

        var errors = ProfileLoader.Validate(profilePath);

        var e = Assert.Single(errors);
        Assert.Equal(catalogPath, e.File);
        Assert.Equal(7, e.Line);
        Assert.Equal("lines[0].count", e.Field);
    }

    [Fact]
    public void A_profile_naming_a_missing_catalog_or_an_unknown_key_points_at_its_own_line()
    {
        using var dir = new TempDir();
        var profilePath = Path.Combine(dir.Path, "p.yaml");
        var text = File.ReadAllText(Path.Combine(RepoPaths.FixtureProfiles, "knative.yaml"));
        File.WriteAllText(profilePath, text.Replace("  catalog: ../logs/queue-proxy.yaml", "  catalog: nowhere.yaml\n  colour: red", StringComparison.Ordinal));

        var errors = ProfileLoader.Validate(profilePath);

        var lines = text.Split('\n');
        var catalogLine = Array.FindIndex(lines, l => l.Contains("catalog:", StringComparison.Ordinal)) + 1;
        Assert.Contains(errors, e => e.Field == "logs.catalog" && e.Line == catalogLine && e.Message.Contains("not found", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "logs.colour" && e.Line == catalogLine + 1);
    }

    [Fact]
    public void Shipped_profiles_with_a_catalog_load_it()
    {
        var knative = ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, "knative.yaml"));
        var nginx = ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, "nginx-logs.yaml"));

        Assert.Equal("queue-proxy", knative.Logs!.Catalog.Name);
        Assert.Equal("nginx", nginx.Logs!.Catalog.Name);
        Assert.Null(ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, "reference.yaml")).Logs);
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("conformance-logcat-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
