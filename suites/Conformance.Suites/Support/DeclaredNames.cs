using System.Net;
using Conformance.Engine;
using Conformance.Policy;
using Conformance.Profiles;

namespace Conformance.Suites.Support;

/// <summary>
/// The names a profile says clients use: pki names, SNI group names and endpoint server names. An endpoint naming a
/// certificate (<c>endpoints.NAME.certificate</c>) is judged against that certificate's names only; the rest against
/// the default leaf's (<c>pki.serverNames</c>, <c>pki.ipAddresses</c>, the SNI groups).
/// </summary>
internal static class DeclaredNames
{
    /// <summary>The DNS names declared for the default leaf and the endpoints serving it.</summary>
    public static IReadOnlyList<string> Dns(Profile p) => Dns(p, certificate: null);

    /// <summary>
    /// The DNS names declared for the certificate <paramref name="certificate"/> (null: the default leaf, with the SNI
    /// groups): its serverNames and the server names of the endpoints serving it.
    /// </summary>
    public static IReadOnlyList<string> Dns(Profile p, string? certificate) =>
        [.. p.Pki.For(certificate).ServerNames
            .Concat(certificate is null ? p.Pki.Sni.Values.SelectMany(v => v) : [])
            .Concat(p.Endpoints.Where(e => e.IsTls && e.Certificate == certificate && e.ServerName is not null && !e.ServerName.Contains('{', StringComparison.Ordinal)).Select(e => e.ServerName!))
            .Where(n => !IPAddress.TryParse(n, out _))
            .Select(n => n.TrimEnd('.'))
            .Distinct(StringComparer.OrdinalIgnoreCase)];

    public static IReadOnlyList<string> Ips(Profile p) => Ips(p, certificate: null);

    /// <summary>The IP addresses declared for the certificate <paramref name="certificate"/> (null: the default leaf).</summary>
    public static IReadOnlyList<string> Ips(Profile p, string? certificate) => [.. p.Pki.For(certificate).IpAddresses.Distinct()];

    /// <summary>The names and usage of the certificate <paramref name="endpoint"/> serves.</summary>
    public static Conformance.Pki.CertificateSpec CertificateOf(ScenarioContext ctx, ResolvedEndpoint endpoint) => ctx.Profile.Pki.For(endpoint.Spec.Certificate);

    /// <summary>How the report names the certificate an endpoint serves.</summary>
    public static string Describe(ResolvedEndpoint endpoint) =>
        endpoint.Spec.Certificate is { } c ? $"certificate '{c}'" : "the default certificate";

    /// <summary>A concrete name a client would use for a declared name: wildcards get a seeded left-most label.</summary>
    public static string Concrete(string declared, ScenarioRandom random) =>
        declared.StartsWith("*.", StringComparison.Ordinal) ? $"{random.Label()}{declared[1..]}" : declared;

    /// <summary>The SNI group a DNS name belongs to, or null for the default certificate.</summary>
    public static string? SniGroupOf(Profile p, string name) =>
        p.Pki.Sni.FirstOrDefault(kv => kv.Value.Any(v => v.TrimEnd('.').Equals(name.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))).Key;

    /// <summary>The endpoint whose SNI groups SAN-01 judges: the SNI claim's endpoint, else the primary TLS endpoint.</summary>
    public static string SniEndpoint(ScenarioContext ctx) => ctx.Profile.Claims.Sni?.Endpoint ?? ctx.PrimaryTls!.Name;

    /// <summary>
    /// The declared names SAN-01 judges on <paramref name="endpoint"/> (wildcards as declared): the names and addresses
    /// of the certificate it serves (pki.serverNames and pki.ipAddresses for the default leaf), the endpoint's own
    /// serverName, and the SNI groups' names on the SNI endpoint.
    /// </summary>
    public static IEnumerable<string> JudgedOn(ScenarioContext ctx, ResolvedEndpoint endpoint) =>
        CertificateOf(ctx, endpoint).ServerNames
            .Concat(CertificateOf(ctx, endpoint).IpAddresses)
            .Concat(endpoint.ServerName is null ? [] : [endpoint.ServerName])
            .Concat(endpoint.Name == SniEndpoint(ctx) ? ctx.Profile.Pki.Sni.Values.SelectMany(v => v) : []);

    /// <summary>
    /// Whether SAN-01 judges a certificate for <paramref name="host"/> on <paramref name="endpoint"/>: the host is one
    /// of its declared names, or an instance of a declared wildcard (SAN-01 judges a seeded instance of it).
    /// </summary>
    public static bool IsJudgedOn(ScenarioContext ctx, ResolvedEndpoint endpoint, string host)
    {
        var bare = host.TrimEnd('.');
        var ip = IPAddress.TryParse(bare.Trim('[', ']'), out var address) ? address : null;
        return JudgedOn(ctx, endpoint).Any(declared =>
            ip is not null
                ? IPAddress.TryParse(declared, out var d) && d.Equals(ip)
                : declared.TrimEnd('.').Equals(bare, StringComparison.OrdinalIgnoreCase)
                    || (declared.StartsWith("*.", StringComparison.Ordinal) && HostnameMatcher.DnsMatches(declared, bare)));
    }
}
