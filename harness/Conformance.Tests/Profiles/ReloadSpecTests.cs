using Conformance.Drivers;
using Conformance.Profiles;

namespace Conformance.Tests.Profiles;

/// <summary><c>target.reload</c>: a signal (with or without the SIG prefix) or a command, kept as written for per-run resolution.</summary>
public sealed class ReloadSpecTests
{
    private static string Yaml(string reload) => string.Join(
        '\n',
        "apiVersion: conformance/v1",
        "name: t",
        "target:",
        "  kind: process",
        "  command: /usr/sbin/nginx",
        reload,
        "endpoints:",
        "  https: { port: \"{port:https}\", trust: \"{pki:ca}\" }");

    [Theory]
    [InlineData("HUP")]
    [InlineData("SIGHUP")]
    public void A_signal_is_read_by_its_short_name(string written)
    {
        var profile = ProfileLoader.Parse(Yaml($"  reload: {{ signal: {written} }}"), "t.yaml");

        Assert.Equal("HUP", profile.Target.Reload?.Signal);
        Assert.Null(profile.Target.Reload?.Command);
        Assert.Equal(1, ReloadSpec.Signals["HUP"]);
    }

    [Fact]
    public void A_command_keeps_its_placeholders_and_its_bound()
    {
        var profile = ProfileLoader.Parse(Yaml("  reload: { command: [/usr/sbin/nginx, -p, \"{run:dir}\", -s, reload], within: 7s }"), "t.yaml");

        Assert.Equal(["/usr/sbin/nginx", "-p", "{run:dir}", "-s", "reload"], profile.Target.Reload?.Command);
        Assert.Null(profile.Target.Reload?.Signal);
        Assert.Equal(TimeSpan.FromSeconds(7), profile.Target.Reload?.Within);
    }

    [Fact]
    public void Without_reload_there_is_nothing_to_do()
    {
        Assert.Null(ProfileLoader.Parse(Yaml("  stopTimeout: 5s"), "t.yaml").Target.Reload);
    }

    [Fact]
    public void An_endpoint_target_cannot_be_reloaded()
    {
        var yaml = Yaml("  reload: { signal: HUP }").Replace("  kind: process\n  command: /usr/sbin/nginx\n", "  kind: endpoint\n", StringComparison.Ordinal);

        var error = Assert.Single(ProfileLoader.ValidateText(yaml, "t.yaml"));
        Assert.Equal("target.reload", error.Field);
        Assert.Equal(5, error.Line);
        Assert.Contains("cannot be signalled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_nginx_rotation_profile_reloads_with_HUP_within_a_5s_budget()
    {
        var profile = ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, "nginx-rotation.yaml"));

        Assert.Equal("HUP", profile.Target.Reload?.Signal);
        Assert.Equal(new ReloadClaim { Mode = ReloadMode.Hot, Budget = TimeSpan.FromSeconds(5) }, profile.Claims.Reload);
    }
}
