using System.Security.Cryptography.X509Certificates;
using Conformance.Load;
using Conformance.Pki;
using Conformance.Profiles;

namespace Conformance.Rotation;

/// <summary>
/// The rotation procedures, as data. CA rotation follows the Knative steps: new CA → clients trust old + new →
/// (consumers loaded it) → reissue the leaf from the new CA → confirm it is served → grace → drop the old CA.
/// Population names: <c>rolling</c> follows the trust bundle step by step; <c>bundle</c> trusts old and new throughout.
/// </summary>
public static class RotationProcedures
{
    public const string Rolling = "rolling";
    public const string Bundle = "bundle";
    public const string Clients = "clients";

    /// <summary>The least time each overlap step lasts, whatever the request count.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    /// <summary>Leaf rotation: a new leaf from the same CA (or a new self-signed leaf both trusted by clients), installed per the reload mode.</summary>
    public static RotationProcedure Leaf(IReadOnlyList<X509Certificate2> trust, IssuedCertificate next, ReloadMode mode, TimeSpan budget, int workers, long grace)
    {
        var fp = Fingerprint(next);
        var steps = new List<RotationStep> { Install("install new leaf", next) };
        if (mode != ReloadMode.Hot)
        {
            steps.Add(new RestartStep(mode == ReloadMode.Restart ? "restart after exit" : "restart", mode == ReloadMode.Restart, budget));
        }

        steps.Add(new WaitServedStep("new leaf served", fp, budget));
        steps.Add(new SettleStep("grace", grace, TimeSpan.FromSeconds(30)));
        return new RotationProcedure("leaf rotation", [new PopulationSpec(Clients, trust, workers)], steps);
    }

    /// <summary>CA rotation by overlap, with the two client populations.</summary>
    public static RotationProcedure CaByOverlap(X509Certificate2 oldCa, X509Certificate2 newCa, IssuedCertificate next, TimeSpan budget, int workersPerPopulation, long grace) =>
        new("CA rotation by overlap",
            [new PopulationSpec(Rolling, [oldCa], workersPerPopulation), new PopulationSpec(Bundle, [oldCa, newCa], workersPerPopulation)],
            [
                new TrustStep("trust bundle holds old + new CA", Rolling, [oldCa, newCa]),
                new SettleStep("consumers loaded the bundle", grace, TimeSpan.FromSeconds(30)) { AtLeast = Grace },
                Install("leaf reissued from the new CA", next),
                new WaitServedStep("new leaf served", Fingerprint(next), budget),
                new SettleStep("grace period", grace, TimeSpan.FromSeconds(30)) { AtLeast = Grace },
                new TrustStep("old CA removed from the bundle", Rolling, [newCa]),
                new SettleStep("after removal", grace, TimeSpan.FromSeconds(30)),
            ]);

    /// <summary>The sensitivity check (RT-05): the leaf moves to the new CA with no bundle step, so the rolling population must fail from the switch on.</summary>
    public static RotationProcedure CaWithoutOverlap(X509Certificate2 oldCa, X509Certificate2 newCa, IssuedCertificate next, TimeSpan budget, int workersPerPopulation, long grace) =>
        new("CA swapped without overlap (sensitivity check)",
            [new PopulationSpec(Rolling, [oldCa], workersPerPopulation), new PopulationSpec(Bundle, [oldCa, newCa], workersPerPopulation)],
            [
                Install("leaf reissued from the new CA, no bundle step", next),
                new WaitServedStep("new leaf served", Fingerprint(next), budget),
                new SettleStep("after the switch", grace, TimeSpan.FromSeconds(30)),
            ]);

    public static string Fingerprint(IssuedCertificate c) => c.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);

    private static InstallStep Install(string label, IssuedCertificate next) =>
        new(label, PemWriter.CertificatesPem(next.ServedChain), PemWriter.PrivateKeyPem(next.Certificate), Fingerprint(next));
}
