using System.Security.Cryptography.X509Certificates;

namespace Conformance.Policy;

/// <summary>
/// RFC 6125 name matching, as the harness's certificate policy defines it: DNS names compared case-insensitively
/// after removing one trailing dot; a wildcard only as the whole left-most label, matching exactly one label;
/// single-label names are valid; IP addresses match only iPAddress SANs; CN is never used.
/// </summary>
public static class HostnameMatcher
{
    /// <summary>Whether a presented DNS SAN (possibly a wildcard) matches the reference name.</summary>
    public static bool DnsMatches(string presented, string reference) => throw new NotImplementedException();

    /// <summary>Matches a reference name (DNS name or IP literal) against the leaf's SANs.</summary>
    public static NameMatch Match(X509Certificate2 leaf, string reference) => throw new NotImplementedException();

    /// <summary>Matches a reference name against a list of DNS names and IP addresses (as a profile declares them).</summary>
    public static NameMatch Match(IReadOnlyList<string> dnsNames, IReadOnlyList<string> ipAddresses, string reference) => throw new NotImplementedException();
}
