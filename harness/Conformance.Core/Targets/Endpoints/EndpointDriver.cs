using Conformance.Profiles;

namespace Conformance.Targets.Endpoints;

/// <summary>The <c>endpoint</c> target: an implementation already running with its own PKI; the harness only connects.</summary>
public sealed class EndpointDriver : ITargetDriver
{
    public TargetKind Kind => TargetKind.Endpoint;

    public TargetCapability Capabilities => TargetCapability.None;

    public TargetSpecProblem? Check(TargetSpec spec, Func<string, bool> written) =>
        spec.Command is not null ? new TargetSpecProblem("target.command", "an endpoint target is already running: it has no command (remove it, or use kind: process)") : null;

    public CreatedTarget Create(TargetContext context) => new(new EndpointTarget(context.Resolved, context.Time), () => null);
}
