using Conformance.Evidence;
using Conformance.Pki;
using Conformance.Probes;
using Conformance.Profiles;

namespace Conformance.Engine;

/// <summary>
/// One run's positive controls, each run once per endpoint and reused by every scenario and by the runner: the TLS
/// control (<see cref="ServedControls"/>) and the newest-version control of the version scenarios. A control cut short
/// by an earlier scenario's cancellation is run again, not reused.
/// </summary>
public sealed class ServedControlCache(Profile profile, Func<IReadOnlyDictionary<string, EndpointClientCertificates>> clients)
{
    private readonly MemoizedTasks<ServedControl> _tls = new();

    /// <summary>The newest TLS version each endpoint accepts, by endpoint name.</summary>
    public MemoizedTasks<VersionEvidence> Versions { get; } = new();

    /// <summary>The control of one TLS endpoint.</summary>
    public Task<ServedControl> TlsAsync(ResolvedEndpoint tls, HandshakeProbe probe, CancellationToken ct) =>
        _tls.GetOrRun(tls.Name, () => ServedControls.RunAsync(profile, clients(), tls, probe, ct));

    /// <summary>Why the target served nothing (no TLS endpoint answered its control), or null when one did.</summary>
    public async Task<string?> NothingServedAsync(IEnumerable<ResolvedEndpoint> endpoints, HandshakeProbe probe, CancellationToken ct)
    {
        var words = new List<string>();
        foreach (var tls in endpoints.Where(e => e.Spec.IsTls))
        {
            var control = await TlsAsync(tls, probe, ct);
            if (control.Answered)
            {
                return null;
            }

            words.Add($"{tls.Name}: {control.Words}");
        }

        return words.Count == 0 ? null : $"the target served nothing over TLS in this run, so what needs its answers is undecided ({string.Join("; ", words)})";
    }
}
