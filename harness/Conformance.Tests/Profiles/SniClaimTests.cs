using Conformance.Drivers;

namespace Conformance.Tests.Profiles;

/// <summary>claims.sni states what a one-certificate server does with an unknown server name; it needs no pki.sni groups.</summary>
public sealed class SniClaimTests
{
    private const string File = "sni.yaml";

    private static string Profile(string sni) => string.Join('\n',
        "apiVersion: conformance/v1",
        "name: one-cert",
        "target: { kind: endpoint }",
        "endpoints:",
        "  https: { port: 8443, serverName: app.example, trust: ca.pem }",
        "pki: { serverNames: [app.example] }",
        "claims:",
        $"  sni: {sni}");

    [Theory]
    [InlineData("{ unknown: refuse }", "refuse")]
    [InlineData("{ unknown: default, endpoint: https }", "default")]
    public void Sni_claim_without_sni_groups_is_valid(string claim, string unknown)
    {
        Assert.Empty(ProfileLoader.ValidateText(Profile(claim), File));

        var profile = ProfileLoader.Parse(Profile(claim), File);

        Assert.Equal(unknown, profile.Claims.Sni!.Unknown);
        Assert.Empty(profile.Pki.Sni);
    }

    [Fact]
    public void Sni_claim_naming_a_missing_endpoint_is_still_an_error()
    {
        var errors = ProfileLoader.ValidateText(Profile("{ unknown: refuse, endpoint: nope }"), File);

        Assert.Contains(errors, e => e.Field == "claims.sni.endpoint");
    }
}
