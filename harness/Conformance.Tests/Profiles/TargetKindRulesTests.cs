using Conformance.Profiles;

namespace Conformance.Tests.Profiles;

/// <summary>
/// The profile reader knows target kinds only as the <see cref="ITargetKindRules"/> it is handed (the registry's
/// drivers, through Drivers.ProfileLoader): the list, not a lookup into the drivers, decides what it accepts.
/// </summary>
public sealed class TargetKindRulesTests
{
    private const string Profile = "apiVersion: conformance/v1\nname: t\ntarget:\n  kind: socket\n  host: 127.0.0.1\nendpoints:\n  https: { port: 8443, trust: self }\n";

    [Fact]
    public void The_reader_accepts_a_kind_it_is_handed_and_asks_that_kind_to_check_the_section()
    {
        var (profile, errors) = ProfileReader.Read(Profile, "t.yaml", [new SocketRules(null)], TestContext.Current.CancellationToken);

        Assert.Empty(errors);
        Assert.Equal("socket", profile!.Target.Kind.Name);

        var (_, refused) = ProfileReader.Read(Profile, "t.yaml", [new SocketRules(new TargetSpecProblem("target.host", "a socket target has no host"))], TestContext.Current.CancellationToken);
        var error = Assert.Single(refused);
        Assert.Equal(("target.host", "a socket target has no host"), (error.Field, error.Message));
    }

    [Fact]
    public void A_kind_the_reader_is_not_handed_is_refused_with_the_kinds_it_was()
    {
        var (profile, errors) = ProfileReader.Read(Profile.Replace("kind: socket", "kind: process", StringComparison.Ordinal), "t.yaml", [new SocketRules(null)], TestContext.Current.CancellationToken);

        Assert.Null(profile);
        var error = Assert.Single(errors);
        Assert.Equal("target.kind", error.Field);
        Assert.Contains("socket", error.Message, StringComparison.Ordinal);
    }

    private sealed class SocketRules(TargetSpecProblem? problem) : ITargetKindRules
    {
        public TargetKind Kind { get; } = new("socket");

        public TargetCapability Capabilities => TargetCapability.None;

        public TargetSpecProblem? Check(TargetSpec spec, Func<string, bool> written) => problem;
    }
}
