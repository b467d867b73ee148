using System.Runtime.CompilerServices;
using Conformance.Inputs;
using Conformance.Profiles;

namespace Conformance.Targets.Kubernetes;

/// <summary>The <c>kubernetes</c> target: the harness deploys the implementation into a namespace of its own and forwards its ports.</summary>
public sealed class KubernetesDriver : ITargetDriver
{
    public TargetKind Kind => TargetKind.Kubernetes;

    /// <inheritdoc />
    public bool NeedsRuntimeCodeGeneration => true;

    public TargetCapability Capabilities =>
        TargetCapability.HarnessPki | TargetCapability.SwapCertificate | TargetCapability.Reload | TargetCapability.Restart
        | TargetCapability.WriteTrustBundles | TargetCapability.ReadLogs | TargetCapability.HostUpstream | TargetCapability.SwapCertificateWhileDown;

    public TargetSpecProblem? Check(TargetSpec spec, Func<string, bool> written) =>
        spec.Kubernetes is null && !written("target.kubernetes")
            ? TargetSpecProblem.Missing("target.kubernetes", "kubernetes: { deployment: my-server, manifests: [k8s/app.yaml], ports: { https: 8443 } }")
            : null;

    public string HostedUpstream => "deploys the upstream itself (Service conformance-upstream, port 8443, in the run's namespace)";

    public string? DefaultServerName(TargetSpec spec) => spec.Kubernetes?.ServerName;

    public CreatedTarget Create(TargetContext context)
    {
        // Constant in a Native AOT build, which then leaves the Kubernetes client out of the binary altogether.
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            throw new Model.TargetException(BuildSupport.Missing(Kind));
        }

        var kubernetes = KubernetesTargetFactory.Create(context.Profile, context.Resolver, context.Pki, context.Time);
        return new CreatedTarget(kubernetes, () => new KubernetesTargetActions(kubernetes, context.Profile.Target.Reload));
    }

    public Func<string, string> LogPlaceholders(Profile profile, PlaceholderResolver resolver) => KubernetesPlaceholders.ForLogs(profile, resolver);
}
