using Conformance.Drivers;
using Conformance.Engine;

namespace Conformance.Tests.Profiles;

/// <summary><c>load.requests</c> sets a profile's rotation load size: bounded, and a run option given in code wins over it.</summary>
public sealed class LoadSectionTests
{
    private const string File = "load.yaml";

    private static string Profile(string? load) => string.Join('\n',
        "apiVersion: conformance/v1",
        "name: loaded",
        "target: { kind: endpoint }",
        "endpoints:",
        "  https: { port: 8443, serverName: app.example, trust: ca.pem }",
        load is null ? string.Empty : $"load: {load}");

    [Fact]
    public void Load_requests_is_read_and_absent_means_the_default()
    {
        Assert.Equal(6000, ProfileLoader.Parse(Profile("{ requests: 6000 }"), File).LoadRequests);
        Assert.Null(ProfileLoader.Parse(Profile(null), File).LoadRequests);
        Assert.Equal(20_000, RunOptions.DefaultLoadRequests);
    }

    [Theory]
    [InlineData("{ requests: 999 }")]
    [InlineData("{ requests: 1000001 }")]
    [InlineData("{ requests: many }")]
    [InlineData("{ request: 6000 }")]
    public void Load_requests_out_of_range_or_misspelt_is_an_error_naming_the_field(string load)
    {
        var errors = ProfileLoader.ValidateText(Profile(load), File);

        Assert.Contains(errors, e => e.Field.StartsWith("load", StringComparison.Ordinal));
    }
}
