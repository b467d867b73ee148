using Conformance.Load;
using Conformance.Targets;

namespace Conformance.Rotation;

/// <summary>
/// Performs a rotation procedure against a target while the load engine counts every request: a warm-up, each step
/// (marked on the load's timeline, every wait bounded), then a tail until the load has at least the requested size.
/// A step whose wait is not met is recorded as not completed and the procedure goes on, so the drops it causes are
/// still counted.
/// </summary>
public sealed class RotationRunner(LoadEngine engine, TimeProvider time)
{
    public async Task<RotationRun> RunAsync(RotationProcedure procedure, LoadSpec spec, ITargetActions actions, long warmupRequests, long minimumRequests, CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromSeconds(60);
        await using var session = engine.Start(spec with { Populations = procedure.Populations }, cancellationToken);
        var start = time.GetTimestamp();
        await session.WaitForRequestsAsync(warmupRequests, limit, cancellationToken);
        var outcomes = new List<StepOutcome>();
        foreach (var step in procedure.Steps)
        {
            var marker = session.Mark(step.Label);
            var at = (marker.Timestamp - start) * 1000.0 / time.TimestampFrequency;
            var began = time.GetTimestamp();
            var (completed, detail) = await PerformAsync(step, session, actions, cancellationToken);
            outcomes.Add(new StepOutcome(step.Label, at, time.GetElapsedTime(began).TotalMilliseconds, completed, detail));
        }

        // The tail: keep loading until the run reaches its declared size (or its time bound), so every rotation is
        // judged on at least that many requests. MaxRequests is only the hard cap: failures during a restart are fast
        // and must not use up the load before the new certificate is even served.
        var remaining = Math.Min(minimumRequests, spec.MaxRequests) - session.Completed;
        if (remaining > 0)
        {
            await session.WaitForRequestsAsync(remaining, spec.MaxDuration, cancellationToken);
        }

        var result = await session.StopAsync(cancellationToken);
        return new RotationRun(procedure, result, outcomes, time.TimestampFrequency);
    }

    private async Task<(bool Completed, string Detail)> PerformAsync(RotationStep step, LoadSession session, ITargetActions actions, CancellationToken ct)
    {
        switch (step)
        {
            case TrustStep t:
                session.SetTrust(t.Population, t.Trust);
                return (true, $"population '{t.Population}' now trusts {string.Join(", ", t.Trust.Select(c => c.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false)))}");
            case InstallStep i:
                await actions.ReplaceCertificateAsync(i.CertificatePem, i.KeyPem, ct);
                await actions.ReloadAsync(ct);
                return (true, $"certificate {i.Fingerprint[..16]}… installed");
            case WaitServedStep w:
                var served = await session.WaitForCertificateAsync(w.Fingerprint, w.Within, ct);
                return served is null
                    ? (false, $"certificate {w.Fingerprint[..16]}… not served within {w.Within.TotalSeconds:0.#} s")
                    : (true, $"certificate {w.Fingerprint[..16]}… served");
            case SettleStep s:
                var before = session.Completed;
                var began = time.GetTimestamp();
                await session.WaitForRequestsAsync(s.Requests, s.Within, ct);
                var left = s.AtLeast - time.GetElapsedTime(began);
                if (left > TimeSpan.Zero)
                {
                    await Task.Delay(left, time, ct);
                }

                return (session.Completed - before >= s.Requests, $"{session.Completed - before} requests completed in {time.GetElapsedTime(began).TotalMilliseconds:0} ms");
            case RestartStep r:
                if (!r.AfterItExits)
                {
                    await actions.RestartAsync(ct);
                    return (true, "restarted on the same ports");
                }

                // As its supervisor would: the process target starts it again, on kubernetes the kubelet already does
                // (no rollout: the container's restart count is watched, then its readiness).
                return await actions.RestartAfterExitAsync(r.Within, ct)
                    ? (true, "exited by itself; restarted on the same ports")
                    : (false, $"the implementation did not exit within {r.Within.TotalSeconds:0.#} s of the change");
            default:
                throw new NotSupportedException(step.GetType().Name);
        }
    }
}
