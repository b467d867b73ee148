using Conformance.Profiles;

namespace Conformance.Suites.Support;

/// <summary>Applicability rules shared by scenarios: each returns null when the scenario applies, else the reason it does not.</summary>
internal static class Applies
{
    public static string? WithTlsEndpoint(Profile p) =>
        p.TlsEndpoints.Any() ? null : "the profile lists no TLS endpoint";

    /// <summary>
    /// Scenarios that swap the served pair (rotation, the runtime-swap and bad-input scenarios, the logs around a
    /// rotation) act on the default pair only ({pki:cert}/{pki:key}, {pki:secret}, the kubernetes target's Secret) and
    /// judge it on the primary (first) TLS endpoint. When that endpoint serves its own certificate
    /// (<c>endpoints.NAME.certificate</c>) a swap would change nothing it serves, so those scenarios are not applicable
    /// rather than judged on an unchanged certificate. Other endpoints with certificates of their own (Knative's
    /// activator beside queue-proxy) do not stop them: they are not what the swap is judged on.
    /// </summary>
    public static string? WithOneCertificate(Profile p) =>
        p.TlsEndpoints.FirstOrDefault() is { Certificate: { } own } primary
            ? $"the primary TLS endpoint {primary.Name} serves its own certificate '{own}' (pki.certificates): the harness swaps only the default pair, so a swap would not reach it, and rotating each named certificate is not built"
            : null;

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
