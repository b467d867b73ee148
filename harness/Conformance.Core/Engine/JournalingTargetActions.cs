using Conformance.Logs;
using Conformance.Targets;
using Conformance.TrustBundles;

namespace Conformance.Engine;

/// <summary>Forwards every action to the target's own actions and writes it into the <see cref="ActionJournal"/> first.</summary>
public sealed class JournalingTargetActions(ITargetActions inner, ActionJournal journal) : ITargetActions
{
    public ITargetActions Inner { get; } = inner;

    public Task ReplaceCertificateAsync(string certificatePem, string keyPem, CancellationToken cancellationToken)
    {
        journal.Record("certificate replaced");
        return Inner.ReplaceCertificateAsync(certificatePem, keyPem, cancellationToken);
    }

    public Task ReloadAsync(CancellationToken cancellationToken) => Inner.ReloadAsync(cancellationToken);

    public Task RestartAsync(CancellationToken cancellationToken)
    {
        journal.Record("restart");
        return Inner.RestartAsync(cancellationToken);
    }

    public Task<bool> WaitForExitAsync(TimeSpan within, CancellationToken cancellationToken) => Inner.WaitForExitAsync(within, cancellationToken);

    public Task<bool> RestartAfterExitAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        journal.Record("restart after exit");
        return Inner.RestartAfterExitAsync(within, cancellationToken);
    }

    public Task ReplaceTrustBundleAsync(IReadOnlyList<string> caPems, CancellationToken cancellationToken)
    {
        journal.Record("trust bundle replaced");
        return Inner.ReplaceTrustBundleAsync(caPems, cancellationToken);
    }

    public Task ApplyTrustBundleAsync(TrustBundle bundle, CancellationToken cancellationToken)
    {
        journal.Record("trust bundle applied");
        return Inner.ApplyTrustBundleAsync(bundle, cancellationToken);
    }

    public Task DeleteTrustBundleAsync(string name, CancellationToken cancellationToken)
    {
        journal.Record("trust bundle deleted");
        return Inner.DeleteTrustBundleAsync(name, cancellationToken);
    }
}
