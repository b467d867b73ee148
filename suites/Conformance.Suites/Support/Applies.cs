using Conformance.Profiles;

namespace Conformance.Suites.Support;

/// <summary>Applicability rules shared by scenarios: each returns null when the scenario applies, else the reason it does not.</summary>
internal static class Applies
{
    public static string? WithTlsEndpoint(Profile p) =>
        p.TlsEndpoints.Any() ? null : "the profile lists no TLS endpoint";

    public static string? WithRedirect(Profile p)
    {
        if (p.Claims.Redirect is null)
        {
            return "the profile claims no redirect (claims.redirect)";
        }

        return p.Endpoints.Any(e => e.Plaintext == PlaintextMode.Redirect)
            ? WithTlsEndpoint(p)
            : "the profile lists no plaintext redirect endpoint";
    }
}
