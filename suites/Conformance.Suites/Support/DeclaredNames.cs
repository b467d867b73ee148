using System.Net;
using Conformance.Engine;
using Conformance.Profiles;

namespace Conformance.Suites.Support;

/// <summary>The names a profile says clients use: pki names, SNI group names and endpoint server names.</summary>
internal static class DeclaredNames
{
    public static IReadOnlyList<string> Dns(Profile p) =>
        [.. p.Pki.ServerNames
            .Concat(p.Pki.Sni.Values.SelectMany(v => v))
            .Concat(p.Endpoints.Where(e => e.IsTls && e.ServerName is not null && !e.ServerName.Contains('{', StringComparison.Ordinal)).Select(e => e.ServerName!))
            .Where(n => !IPAddress.TryParse(n, out _))
            .Select(n => n.TrimEnd('.'))
            .Distinct(StringComparer.OrdinalIgnoreCase)];

    public static IReadOnlyList<string> Ips(Profile p) => [.. p.Pki.IpAddresses.Distinct()];

    /// <summary>A concrete name a client would use for a declared name: wildcards get a seeded left-most label.</summary>
    public static string Concrete(string declared, ScenarioRandom random) =>
        declared.StartsWith("*.", StringComparison.Ordinal) ? $"{random.Label()}{declared[1..]}" : declared;

    /// <summary>The SNI group a DNS name belongs to, or null for the default certificate.</summary>
    public static string? SniGroupOf(Profile p, string name) =>
        p.Pki.Sni.FirstOrDefault(kv => kv.Value.Any(v => v.TrimEnd('.').Equals(name.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))).Key;
}
