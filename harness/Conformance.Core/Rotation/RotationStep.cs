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

/// <summary>Let a number of requests complete (a grace period measured in requests, bounded in time).</summary>
public sealed record SettleStep(string Label, long Requests, TimeSpan Within) : RotationStep(Label);

/// <summary>Restart the implementation; with <see cref="AfterItExits"/> wait for it to exit by itself first (Flux restarts on a changed secret).</summary>
public sealed record RestartStep(string Label, bool AfterItExits, TimeSpan Within) : RotationStep(Label);
