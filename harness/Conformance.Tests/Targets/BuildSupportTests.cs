using Conformance.Drivers;
using Conformance.Profiles;
using Conformance.Targets;

namespace Conformance.Tests.Targets;

public sealed class BuildSupportTests
{
    [Fact]
    public void Without_runtime_code_generation_only_the_kubernetes_and_container_targets_are_refused()
    {
        var refused = TargetDrivers.All.Where(d => BuildSupport.NotInThisBuild(d, dynamicCodeSupported: false) is not null).Select(d => d.Kind).ToList();

        Assert.Equal([TargetKind.Container, TargetKind.Kubernetes], refused.OrderBy(k => k.ToString(), StringComparer.Ordinal));
        Assert.Contains("'kubernetes' is not available in this Native AOT build", BuildSupport.NotInThisBuild(TargetDrivers.For(TargetKind.Kubernetes), false), StringComparison.Ordinal);
    }

    [Fact]
    public void With_runtime_code_generation_no_target_is_refused()
    {
        Assert.All(TargetDrivers.All, d => Assert.Null(BuildSupport.NotInThisBuild(d, dynamicCodeSupported: true)));
    }
}
