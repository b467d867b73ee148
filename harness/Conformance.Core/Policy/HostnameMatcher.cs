using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Conformance.Policy;

/// <summary>
/// RFC 6125 name matching, as the harness's certificate policy defines it: DNS names compared case-insensitively
/// after removing one trailing dot; a wildcard only as the whole left-most label, matching exactly one label;
/// single-label names are valid; IP addresses match only iPAddress SANs; CN is never used.
/// </summary>
public static class HostnameMatcher
{
    /// <summary>Rule text for an exact DNS match.</summary>
    public const string DnsRule = "RFC 6125 §6.4.1 DNS-ID: case-insensitive, one trailing dot removed";

    /// <summary>Rule text for a wildcard match.</summary>
    public const string WildcardRule = "RFC 6125 §6.4.3 wildcard: left-most label only, one label";

    /// <summary>Rule text for an IP literal reference.</summary>
    public const string IpRule = "RFC 6125 §6.2.1 / RFC 5280 §4.2.1.6 iPAddress SAN only: DNS SANs never match an IP";

    /// <summary>Rule text when the certificate has no SAN extension.</summary>
    public const string NoSanRule = "RFC 6125 §6.4.4: no subjectAltName, CN is never used";

    /// <summary>Whether a presented DNS SAN (possibly a wildcard) matches the reference name.</summary>
    public static bool DnsMatches(string presented, string reference)
    {
        if (TryParseIpLiteral(reference, out _) || TryParseIpLiteral(presented, out _))
        {
            // An IP literal is never a DNS name: neither as reference nor as a DNS SAN (SAN-02/03).
            return false;
        }

        var r = StripOneTrailingDot(reference);
        var p = StripOneTrailingDot(presented);
        if (!IsValidDnsName(r, allowWildcard: false) || !IsValidDnsName(p, allowWildcard: true))
        {
            return false;
        }

        if (p.StartsWith("*.", StringComparison.Ordinal))
        {
            var parent = p[2..];
            var dot = r.IndexOf('.', StringComparison.Ordinal);
            // Exactly one label replaces the '*': the reference must be label + "." + parent.
            return dot > 0 && string.Equals(r[(dot + 1)..], parent, StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(p, r, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Matches a reference name (DNS name or IP literal) against the leaf's SANs.</summary>
    public static NameMatch Match(X509Certificate2 leaf, string reference)
    {
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null)
        {
            return new NameMatch(false, NoSanRule, null);
        }

        return Match([.. san.EnumerateDnsNames()], [.. san.EnumerateIPAddresses().Select(a => a.ToString())], reference);
    }

    /// <summary>Matches a reference name against a list of DNS names and IP addresses (as a profile declares them).</summary>
    public static NameMatch Match(IReadOnlyList<string> dnsNames, IReadOnlyList<string> ipAddresses, string reference)
    {
        if (TryParseIpLiteral(reference, out var address))
        {
            foreach (var ip in ipAddresses)
            {
                if (TryParseIpLiteral(ip, out var presented) && presented.Equals(address))
                {
                    return new NameMatch(true, IpRule, ip);
                }
            }

            return new NameMatch(false, IpRule, null);
        }

        foreach (var dns in dnsNames)
        {
            if (DnsMatches(dns, reference))
            {
                return new NameMatch(true, dns.StartsWith('*') ? WildcardRule : DnsRule, dns);
            }
        }

        return new NameMatch(false, $"{DnsRule}; {WildcardRule}", null);
    }

    /// <summary>
    /// An IPv4 dotted quad or an IPv6 literal (brackets allowed). Stricter than <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>,
    /// which would read the single-label name "1234" as 0.0.4.210.
    /// </summary>
    public static bool TryParseIpLiteral(string text, out IPAddress address)
    {
        address = IPAddress.None;
        var t = text.Trim();
        if (t.StartsWith('[') && t.EndsWith(']'))
        {
            t = t[1..^1];
        }

        if (t.Contains(':', StringComparison.Ordinal))
        {
            if (IPAddress.TryParse(t, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                address = v6;
                return true;
            }

            return false;
        }

        // A trailing dot on a dotted quad is still an address, not a DNS name (all-numeric TLDs do not exist).
        t = StripOneTrailingDot(t);
        var parts = t.Split('.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit)))
        {
            return false;
        }

        if (IPAddress.TryParse(t, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork)
        {
            address = v4;
            return true;
        }

        return false;
    }

    private static string StripOneTrailingDot(string name) => name.EndsWith('.') ? name[..^1] : name;

    private static bool IsValidDnsName(string name, bool allowWildcard)
    {
        if (name.Length == 0)
        {
            return false;
        }

        var labels = name.Split('.');
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (label.Length == 0)
            {
                return false;
            }

            if (label.Contains('*', StringComparison.Ordinal))
            {
                // Only "*" as the whole left-most label, with at least one label after it; "f*", "*.*.x" never match.
                if (!allowWildcard || i != 0 || label != "*" || labels.Length < 2)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
