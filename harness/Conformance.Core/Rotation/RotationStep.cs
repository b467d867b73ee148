using System.Security.Cryptography.X509Certificates;

namespace Conformance.Rotation;

/// <summary>One step of a rotation procedure. Procedures are data; <see cref="RotationRunner"/> performs them against a target under load.</summary>
public abstract record RotationStep(string Label);

/// <summary>A client population's trust anchors change (e.g. the trust bundle now holds old and new CA).</summary>
public sealed record TrustStep(string Label, string Population, IReadOnlyList<X509Certificate2> Trust) : RotationStep(Label);

/// <summary>A new certificate and key are installed on the implementation, then the profile's reload action runs.</summary>
public sealed record InstallStep(string Label, string CertificatePem, string KeyPem, string Fingerprint) : RotationStep(Label);

/// <summary>Wait (bounded) until a request is served by the certificate with this fingerprint.</summary>
public sealed record WaitServedStep(string Label, string Fingerprint, TimeSpan Within) : RotationStep(Label);

/// <summary>
/// A grace period: at least <see cref="Requests"/> requests and at least <see cref="AtLeast"/> of time (servers that
/// reload by replacing workers keep answering some new connections with the old certificate for a moment), bounded
/// by <see cref="Within"/>.
/// </summary>
public sealed record SettleStep(string Label, long Requests, TimeSpan Within) : RotationStep(Label)
{
    public TimeSpan AtLeast { get; init; }
}

/// <summary>Restart the implementation; with <see cref="AfterItExits"/> wait for it to exit by itself first (Flux restarts on a changed secret).</summary>
public sealed record RestartStep(string Label, bool AfterItExits, TimeSpan Within) : RotationStep(Label);
