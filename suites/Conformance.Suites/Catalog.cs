using Conformance.Engine;
using Conformance.Suites.Logs;
using Conformance.Suites.Mtls;
using Conformance.Suites.Plaintext;
using Conformance.Suites.Redirect;
using Conformance.Suites.Rotation;
using Conformance.Suites.San;
using Conformance.Suites.SecretValidation;
using Conformance.Suites.TlsVersion;
using Conformance.Suites.TrustBundle;

namespace Conformance.Suites;

/// <summary>
/// Every scenario the harness knows, in report order. IDs are stable. Built through
/// <see cref="ScenarioDependencies.Checked"/>: a run fact consumed that no scenario produces, or a cycle of them, stops
/// the harness before any run.
/// </summary>
public static class Catalog
{
    public static IReadOnlyList<IScenario> All { get; } = ScenarioDependencies.Checked(
    [
        new PT01_PlaintextRefused(),
        new PT02_OldPortState(),
        new PT03_NoContentOverPlaintext(),
        new PT04_EveryEndpointRefusesPlaintext(),
        new RD01_PermanentRedirect(),
        new RD02_PathAndQuerySurvive(),
        new RD03_HeadPostNoBody(),
        new RD04_NoOpenRedirect(),
        new RD05_LocationServesTls(),
        new SAN01_DeclaredNamesValidate(),
        new SAN02_UndeclaredNamesFail(),
        new SAN03_IpAddressSans(),
        new SAN04_SniRouting(),
        new SAN05_CertificateHygiene(),
        new SAN06_ConsistentAcrossEndpoints(),
        new MT01_NoClientCertificate(),
        new MT02_UntrustedCa(),
        new MT03_ExpiredClientCertificate(),
        new MT04_ClientCertificateWithoutClientAuthEku(),
        new MT05_ValidClientCertificateServed(),
        new TV01_MinimumVersionEnforced(),
        new TV02_LegacyVersionsRefused(),
        new TV03_AlpnAsDeclared(),
        new SV01_InvalidSecretRefused(),
        new SV02_MismatchedPairRefused(),
        new SV03_BadRuntimeCertificateKeepsOld(),
        new SV04_RuntimeInvalidSecretRefusedAtRestart(),

        // RT-05 first: it checks that the measurement can see drops on this target before RT-01/RT-02 certify zero.
        new RT05_MeasurementSensitivity(),
        new RT01_LeafRotationUnderLoad(),
        new RT02_CaRotationByOverlap(),
        new RT03_KeepAliveAcrossReload(),
        new RT04_ReloadLatency(),
        new LG01_ReloadLinePerRotation(),
        new LG02_StartLine(),
        new LG03_NoErrorOnCleanRotation(),
        new LG04_NoKeyMaterialInLogs(),
        new TB01_BundlePickedUpByLabelKey(),
        new TB02_InvalidEntryHandledAsDeclared(),
        new TB03_RemovedCaNotTrusted(),
        new TB04_UpstreamNameVerified(),
    ]);

    public static IScenario? Find(string id) => All.FirstOrDefault(s => s.Info.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
}
