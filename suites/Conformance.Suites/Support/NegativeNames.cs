using Conformance.Engine;
using Conformance.Policy;

namespace Conformance.Suites.Support;

/// <summary>
/// Names a client might use that the profile does NOT list, derived from the ones it does: another namespace,
/// a sibling service, two labels under a wildcard, look-alikes and a suffix attack. Candidates that the declared
/// names themselves cover (by the harness's own RFC 6125 rules) are dropped, so a legitimate wildcard is never
/// held against the implementation.
/// </summary>
internal static class NegativeNames
{
    public static IReadOnlyList<(string Name, string Why)> Generate(IReadOnlyList<string> dns, IReadOnlyList<string> ips, ScenarioRandom random)
    {
        var candidates = new List<(string, string)>();
        foreach (var declared in dns)
        {
            var labels = declared.Split('.');
            if (declared.StartsWith("*.", StringComparison.Ordinal))
            {
                var parent = declared[2..];
                candidates.Add(($"{random.Label()}.{random.Label()}.{parent}", $"two labels under {declared}"));
                candidates.Add((parent, $"the bare parent of {declared}"));
                continue;
            }

            if (labels.Length >= 2)
            {
                candidates.Add(($"{random.Label()}.{string.Join('.', labels[1..])}", $"a sibling of {declared}"));
                candidates.Add(($"{labels[0]}x.{string.Join('.', labels[1..])}", $"a look-alike of {declared}"));
            }

            if (labels.Length >= 3)
            {
                candidates.Add(($"{labels[0]}.{labels[1]}-{random.Label()}.{string.Join('.', labels[2..])}", $"{declared} in another namespace"));
            }

            candidates.Add(($"{declared}.{random.Label()}.example", $"{declared} as a prefix of another domain"));
            candidates.Add(($"{random.Label()}-{labels[0]}{(labels.Length > 1 ? "." + string.Join('.', labels[1..]) : string.Empty)}", $"a look-alike of {declared}"));
        }

        foreach (var ip in ips)
        {
            if (System.Net.IPAddress.TryParse(ip, out var addr) && addr.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            {
                var bytes = addr.GetAddressBytes();
                bytes[3] = (byte)(bytes[3] ^ 0x5A);
                candidates.Add((new System.Net.IPAddress(bytes).ToString(), $"an address other than {ip}"));
            }
        }

        return [.. candidates
            .Where(c => !HostnameMatcher.Match(dns, ips, c.Item1).Matched)
            .DistinctBy(c => c.Item1, StringComparer.OrdinalIgnoreCase)];
    }
}
