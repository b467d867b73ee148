using System.Runtime.CompilerServices;
using Conformance.Inputs;
using Conformance.Profiles;

namespace Conformance.Targets.Containers;

/// <summary>The <c>container</c> target: the harness runs the implementation's image in the local container engine.</summary>
public sealed class ContainerDriver : ITargetDriver
{
    public TargetKind Kind => TargetKind.Container;

    // No ReportExit: the engine's mid-run check reads IExitReportingTarget.HasExited, a synchronous answer between
    // scenarios, and a ContainerTarget learns that its container died only when it asks the engine (an inspect or a
    // wait call, made at start failure, stop and restart-after-exit). Reporting exit honestly needs a watcher on the
    // container's wait endpoint for the whole run, plus the harness's own stops and restarts told apart from deaths;
    // until that exists and is tested against a real engine, the engine is not told a container died mid-run, and a
    // scenario that expects refused connections cannot tell a dead container from a refusing one.
    //
    // No SwapCertificateWhileDown: certificates are written by exec into the running container, and a container that
    // refused to start cannot be exec'd into to get its good pair back (SV-04 would leave it dead for the rest).
    /// <inheritdoc />
    public bool NeedsRuntimeCodeGeneration => true;

    public TargetCapability Capabilities =>
        TargetCapability.HarnessPki | TargetCapability.SwapCertificate | TargetCapability.Reload | TargetCapability.Restart
        | TargetCapability.StartVariant | TargetCapability.WriteTrustBundles | TargetCapability.ReadLogs | TargetCapability.HostUpstream;

    public TargetSpecProblem? Check(TargetSpec spec, Func<string, bool> written) =>
        spec.Image is null ? TargetSpecProblem.Missing("target.image", "image: registry/name:tag") : null;

    public string HostedUpstream => "runs the upstream itself (a container with network alias conformance-upstream on the run's Docker network, which the implementation's container joins)";

    /// <summary>
    /// <c>{pki:live}</c> in a log catalog is the certificate folder as the container sees it (what the implementation
    /// prints, e.g. queue-proxy's certDir), as ContainerTargetFactory maps it for arguments; the rest as on the host.
    /// </summary>
    public Func<string, string> LogPlaceholders(Profile profile, PlaceholderResolver resolver) =>
        profile.Target.Container is { } c
            ? text => text == "{pki:live}" ? c.TlsDirectory ?? $"{c.RunDirectory}/pki/live" : resolver.Resolve(text)
            : resolver.Resolve;

    public CreatedTarget Create(TargetContext context)
    {
        // Constant in a Native AOT build, which then leaves the Docker client out of the binary altogether.
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            throw new Model.TargetException(BuildSupport.Missing(Kind));
        }

        var container = ContainerTargetFactory.Create(context.Profile, context.Resolver, context.Pki, context.Workspace, context.Resolved, context.Time, out var actions);
        return new CreatedTarget(container, () => actions);
    }

    public Task<StartAttempt> TryStartVariantAsync(VariantContext variant, IReadOnlyDictionary<string, string> overrides, TimeSpan within, TimeProvider time, CancellationToken cancellationToken) =>
        RuntimeFeature.IsDynamicCodeSupported
            ? ContainerTargetFactory.TryStartVariantAsync(variant, overrides, within, time, cancellationToken)
            : throw new Model.TargetException(BuildSupport.Missing(Kind));
}
