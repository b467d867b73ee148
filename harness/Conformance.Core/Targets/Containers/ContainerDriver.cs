using Conformance.Profiles;

namespace Conformance.Targets.Containers;

/// <summary>The <c>container</c> target: the harness runs the implementation's image in the local container engine.</summary>
public sealed class ContainerDriver : ITargetDriver
{
    public TargetKind Kind => TargetKind.Container;

    public TargetCapability Capabilities =>
        TargetCapability.HarnessPki | TargetCapability.SwapCertificate | TargetCapability.Reload | TargetCapability.Restart
        | TargetCapability.StartVariant | TargetCapability.WriteTrustBundles | TargetCapability.ReadLogs | TargetCapability.HostUpstream;

    public TargetSpecProblem? Check(TargetSpec spec, Func<string, bool> written) =>
        spec.Image is null ? TargetSpecProblem.Missing("target.image", "image: registry/name:tag") : null;

    public string HostedUpstream => "runs the upstream itself (a container with network alias conformance-upstream on the run's Docker network, which the implementation's container joins)";

    public CreatedTarget Create(TargetContext context)
    {
        var container = ContainerTargetFactory.Create(context.Profile, context.Resolver, context.Pki, context.Workspace, context.Resolved, context.Time, out var actions);
        return new CreatedTarget(container, () => actions);
    }

    public Task<StartAttempt> TryStartVariantAsync(VariantContext variant, IReadOnlyDictionary<string, string> overrides, TimeSpan within, TimeProvider time, CancellationToken cancellationToken) =>
        ContainerTargetFactory.TryStartVariantAsync(variant, overrides, within, time, cancellationToken);
}
