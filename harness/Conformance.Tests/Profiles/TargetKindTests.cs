using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Profiles;

namespace Conformance.Tests.Profiles;

public sealed class TargetKindTests
{
    private const string Endpoints = "endpoints:\n  https: { port: 8443 }\n";

    [Fact]
    public void A_container_target_needs_an_image()
    {
        var error = Assert.Single(ProfileLoader.ValidateText($"apiVersion: conformance/v1\nname: t\ntarget:\n  kind: container\n  container: {{ ports: [https] }}\n{Endpoints}", "t.yaml"));

        Assert.Equal(("target.image", 3), (error.Field, error.Line));
    }

    [Fact]
    public void An_endpoint_target_is_prepared_with_its_host_and_needs_no_command()
    {
        var profile = ProfileLoader.Parse(
            $"apiVersion: conformance/v1\nname: t\ntarget: {{ kind: endpoint, host: 127.0.0.2 }}\n{Endpoints.Replace("8443 }", "8443, trust: /nonexistent/ca.pem }", StringComparison.Ordinal)}",
            "t.yaml");

        Assert.Equal(TargetKind.Endpoint, profile.Target.Kind);
        Assert.Equal("127.0.0.2", profile.Target.Host);
        Assert.Null(profile.Target.Command);

        // The trust file does not exist: RunEnvironment says so in one line instead of starting anything.
        var e = Assert.Throws<ProfileException>(() => RunEnvironment.Prepare(profile, TimeProvider.System));
        Assert.Contains("endpoints.https.trust", e.Where, StringComparison.Ordinal);
    }
}
