using Conformance.Drivers;
using Conformance.Profiles;

namespace Conformance.Tests.Targets;

public sealed class TargetDriversTests
{
    private const string Endpoints = "endpoints:\n  https: { port: 8443 }\n";

    private static Profile Of(TargetKind kind) => new()
    {
        Name = "t",
        Target = new TargetSpec { Kind = kind },
        Endpoints = [],
    };

    [Fact]
    public void Every_driver_has_its_own_kind_and_is_named_as_in_yaml()
    {
        Assert.Equal(TargetDrivers.All.Count, TargetDrivers.All.Select(d => d.Kind).Distinct().Count());
        Assert.All(TargetDrivers.All, d => Assert.Equal(d.Kind.Name, d.Name));
        Assert.All(TargetDrivers.All, d => Assert.Same(d, TargetDrivers.For(d.Kind)));
        Assert.Equal(["process", "endpoint", "container", "kubernetes"], TargetDrivers.All.Select(d => d.Name));
    }

    [Fact]
    public void Target_kind_accepts_exactly_the_registered_names()
    {
        var error = Assert.Single(ProfileLoader.ValidateText($"apiVersion: conformance/v1\nname: t\ntarget:\n  kind: vm\n{Endpoints}", "t.yaml"));

        Assert.Equal("target.kind", error.Field);
        Assert.Contains("is not one of: process, endpoint, container, kubernetes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_capability_is_named_with_the_kind_that_lacks_it()
    {
        var reason = TargetCapabilities.Missing(Of(TargetKind.Kubernetes), TargetCapability.StartVariant | TargetCapability.SwapCertificate, "starting the implementation with altered inputs");

        Assert.Equal("starting the implementation with altered inputs needs the target capability start-variant, which the 'kubernetes' target does not have", reason);
        Assert.Null(TargetCapabilities.Missing(Of(TargetKind.Process), TargetCapability.StartVariant, "anything"));
    }

    [Fact]
    public void The_endpoint_target_can_do_nothing_to_the_implementation()
    {
        var endpoint = Of(TargetKind.Endpoint);

        Assert.Equal(TargetCapability.None, TargetCapabilities.Of(endpoint));
        Assert.Equal(
            "rotating needs the target capability harness-pki, swap-certificate, reload, restart, start-variant, write-trust-bundles, read-logs, host-upstream, report-exit, swap-certificate-while-down, which the 'endpoint' target does not have",
            TargetCapabilities.Missing(endpoint, Enum.GetValues<TargetCapability>().Aggregate((a, b) => a | b), "rotating"));
    }

    [Fact]
    public void Capabilities_are_what_the_targets_did_before_drivers_stated_them()
    {
        // The applicability the scenarios had when they listed kinds by name; a driver change that moves a verdict shows here.
        Assert.True(TargetCapabilities.Has(Of(TargetKind.Process), TargetCapability.StartVariant | TargetCapability.SwapCertificate | TargetCapability.WriteTrustBundles | TargetCapability.HarnessPki | TargetCapability.ReportExit));
        Assert.True(TargetCapabilities.Has(Of(TargetKind.Container), TargetCapability.StartVariant | TargetCapability.SwapCertificate | TargetCapability.WriteTrustBundles | TargetCapability.HarnessPki | TargetCapability.HostUpstream));
        Assert.True(TargetCapabilities.Has(Of(TargetKind.Kubernetes), TargetCapability.SwapCertificate | TargetCapability.WriteTrustBundles | TargetCapability.HarnessPki | TargetCapability.HostUpstream));
        Assert.False(TargetCapabilities.Has(Of(TargetKind.Kubernetes), TargetCapability.StartVariant));
        Assert.False(TargetCapabilities.Has(Of(TargetKind.Container), TargetCapability.ReportExit));
        Assert.False(TargetCapabilities.Has(Of(TargetKind.Process), TargetCapability.HostUpstream));
    }
}
