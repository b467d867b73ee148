using Conformance.Model;
using Conformance.Suites.Plaintext;
using Conformance.Suites.Redirect;
using Conformance.Suites.San;

namespace Conformance.Suites;

/// <summary>Every scenario the harness knows, in report order. IDs are stable.</summary>
public static class Catalog
{
    public static IReadOnlyList<IScenario> All { get; } =
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
    ];

    public static IScenario? Find(string id) => All.FirstOrDefault(s => s.Info.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
}
