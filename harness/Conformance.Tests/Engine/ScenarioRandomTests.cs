using Conformance.Engine;

namespace Conformance.Tests.Engine;

public sealed class ScenarioRandomTests
{
    [Fact]
    public void Same_run_seed_and_scenario_give_the_same_paths()
    {
        var a = new ScenarioRandom(421337, "RD-02");
        var b = new ScenarioRandom(421337, "RD-02");

        Assert.Equal(a.EncodedPathWithQuery(), b.EncodedPathWithQuery());
        Assert.Equal(a.PathWithQuery(), b.PathWithQuery());
        Assert.Equal(a.Label(), b.Label());
    }

    [Fact]
    public void Each_scenario_gets_its_own_stream_so_order_does_not_matter()
    {
        Assert.NotEqual(new ScenarioRandom(1, "RD-01").Seed, new ScenarioRandom(1, "RD-02").Seed);
        Assert.NotEqual(new ScenarioRandom(1, "RD-01").Seed, new ScenarioRandom(2, "RD-01").Seed);
    }

    [Fact]
    public void Encoded_paths_are_valid_request_targets_that_keep_their_escapes()
    {
        var random = new ScenarioRandom(99, "RD-02");
        for (var i = 0; i < 50; i++)
        {
            var target = random.EncodedPathWithQuery();
            Assert.StartsWith("/", target, StringComparison.Ordinal);
            Assert.Contains("%2F", target, StringComparison.Ordinal);
            Assert.Contains('?', target);
            Assert.All(target, ch => Assert.True(ch > 0x20 && ch < 0x7F, $"'{ch}' must be percent-encoded in {target}"));
            Assert.True(Uri.TryCreate("https://h" + target, UriKind.Absolute, out _), target);
        }
    }

    [Fact]
    public void Labels_are_dns_labels()
    {
        var random = new ScenarioRandom(5, "SAN-02");
        for (var i = 0; i < 50; i++)
        {
            Assert.Matches("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", random.Label());
        }
    }
}
