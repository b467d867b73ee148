using Conformance.Drivers;
using Conformance.Pki;
using Conformance.Profiles;

namespace Conformance.Tests.Profiles;

/// <summary>
/// <c>extends: FILE</c>: maps merge key by key, lists and scalars replace, null deletes, chains resolve, cycles and
/// missing bases are one error on the overlay's line, and every error names the file and line holding the value.
/// </summary>
public sealed class OverlayTests : IDisposable
{
    private const string Base = """
        apiVersion: conformance/v1
        name: base
        target:
          kind: process
          command: /bin/true
          args: [--one, --two, --three]
          env: { A: a, B: b }
        endpoints:
          https:
            port: "{port:https}"
            serverName: base.example
        pki:
          serverNames: [base.example, other.example]
        claims:
          tls: { min: "1.2", alpn: [h2, http/1.1] }
          content: { path: /, marker: base-marker }
        """;

    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-overlay-test-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Maps_merge_key_by_key_and_lists_and_scalars_replace_the_base_value()
    {
        Write("base.yaml", Base);
        var overlay = Write("overlay.yaml", """
            extends: base.yaml
            name: overlay
            target:
              args: [--only]
              env: { B: changed, C: c }
            endpoints:
              https: { serverName: overlay.example }
            pki:
              serverNames: [overlay.example]
            """);

        var profile = ProfileLoader.Load(overlay);

        Assert.Equal("overlay", profile.Name);
        Assert.Equal(TargetKind.Process, profile.Target.Kind);
        Assert.Equal(["--only"], profile.Target.Args);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "a", ["B"] = "changed", ["C"] = "c" }, profile.Target.Environment);
        var https = Assert.Single(profile.Endpoints);
        Assert.Equal("{port:https}", https.Port);
        Assert.Equal("overlay.example", https.ServerName);
        Assert.Equal(["overlay.example"], profile.Pki.ServerNames);
        Assert.Equal("1.2", profile.Claims.Tls?.Min);
        Assert.Equal(Path.GetFullPath(overlay), profile.SourcePath);
    }

    [Fact]
    public void A_null_value_deletes_the_base_key()
    {
        Write("base.yaml", Base);
        var overlay = Write("overlay.yaml", """
            extends: base.yaml
            target:
              env: { A: ~ }
            claims:
              tls: { alpn: null }
              content:
            """);

        var profile = ProfileLoader.Load(overlay);

        Assert.Equal(new Dictionary<string, string> { ["B"] = "b" }, profile.Target.Environment);
        Assert.Empty(profile.Claims.Tls!.Alpn);
        Assert.Null(profile.Claims.Content);
        Assert.DoesNotContain("alpn", profile.Composition!.ToYaml(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_of_overlays_resolves_each_path_against_its_own_file()
    {
        Write("base.yaml", Base);
        Directory.CreateDirectory(_dir.File("middle"));
        Directory.CreateDirectory(_dir.File("top"));
        Write("middle/conf.txt", "x");
        Write("middle/middle.yaml", """
            extends: ../base.yaml
            target:
              files: { conf: conf.txt }
            claims:
              content: { marker: middle-marker }
            """);
        var top = Write("top/top.yaml", """
            extends: ../middle/middle.yaml
            name: top
            """);

        var profile = ProfileLoader.Load(top);

        Assert.Equal("top", profile.Name);
        Assert.Equal("middle-marker", profile.Claims.Content?.Marker);
        Assert.Equal("/", profile.Claims.Content?.Path);
        // Written in middle.yaml, so relative to middle/, not to the overlay the user named.
        Assert.Equal(Path.GetFullPath(_dir.File("middle/conf.txt")), profile.Target.Files["conf"]);
        Assert.Equal(3, profile.Composition!.Files.Count);
    }

    [Fact]
    public void A_cycle_is_one_error_on_the_extends_line()
    {
        var a = Write("a.yaml", "name: a\nextends: b.yaml\n");
        Write("b.yaml", "extends: a.yaml\n");

        var errors = ProfileLoader.Validate(a);

        var error = Assert.Single(errors);
        Assert.Equal("extends", error.Field);
        Assert.Contains("extends cycle:", error.Message, StringComparison.Ordinal);
        Assert.Contains("a.yaml -> ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("b.yaml", error.File, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void A_missing_base_is_one_error_on_the_overlays_extends_line()
    {
        var overlay = Write("overlay.yaml", "name: o\nextends: nowhere/base.yaml\n");

        var error = Assert.Single(ProfileLoader.Validate(overlay));

        Assert.Equal(overlay, error.File);
        Assert.Equal((2, 10), (error.Line, error.Column));
        Assert.Equal("extends", error.Field);
        Assert.Contains("base profile", error.Message, StringComparison.Ordinal);
        Assert.Contains("file not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_is_reported_in_the_file_and_line_that_wrote_it()
    {
        Write("base.yaml", Base.Replace("serverName: base.example", "serverName: base.example\n    clientAuth: mandatory", StringComparison.Ordinal));
        var overlay = Write("overlay.yaml", """
            extends: base.yaml
            claims:
              tls: { min: "1.1" }
              colour: blue
            """);

        var errors = ProfileLoader.Validate(overlay);

        var clientAuth = Assert.Single(errors, e => e.Field == "endpoints.https.clientAuth");
        Assert.EndsWith("base.yaml", clientAuth.File, StringComparison.Ordinal);
        Assert.Equal(12, clientAuth.Line);
        var min = Assert.Single(errors, e => e.Field == "claims.tls.min");
        Assert.Equal(overlay, min.File);
        Assert.Equal(3, min.Line);
        var colour = Assert.Single(errors, e => e.Field == "claims.colour");
        Assert.Equal((overlay, 4), (colour.File, colour.Line));
    }

    [Fact]
    public void Errors_found_after_reading_name_the_file_that_holds_the_field()
    {
        Write("base.yaml", Base);
        var overlay = Write("overlay.yaml", "extends: base.yaml\nclaims:\n  content: { marker: mine }\n");
        var profile = ProfileLoader.Load(overlay);

        Assert.Equal($"{Path.GetFullPath(_dir.File("base.yaml"))}:6:9: target.args", ProfileLocator.Where(profile, "target.args"));
        Assert.Equal($"{Path.GetFullPath(overlay)}:3:22: claims.content.marker", ProfileLocator.Where(profile, "claims.content.marker"));
    }

    [Fact]
    public void An_extends_that_is_not_a_path_is_an_error()
    {
        var overlay = Write("overlay.yaml", "extends: [a.yaml, b.yaml]\n");

        var error = Assert.Single(ProfileLoader.Validate(overlay));

        Assert.Equal(("extends", 1), (error.Field, error.Line));
        Assert.Contains("expected the path of the base profile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_in_the_base_names_the_base()
    {
        Write("base.yaml", "apiVersion: conformance/v1\nname: { broken\n");
        var overlay = Write("overlay.yaml", "extends: base.yaml\n");

        var error = Assert.Single(ProfileLoader.Validate(overlay));

        Assert.Equal("(yaml)", error.Field);
        Assert.EndsWith("base.yaml", error.File, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        return path;
    }
}
