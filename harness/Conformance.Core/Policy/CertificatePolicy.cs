using System.Security.Cryptography.X509Certificates;
using Conformance.Evidence;

namespace Conformance.Policy;

/// <summary>
/// The harness's certificate policy. Verdicts never rest on SslStream's default validation: the probe accepts any
/// chain and this class judges it against the endpoint's own trust anchors (custom root trust, no system store),
/// naming the rule it applied in the evidence.
/// </summary>
public sealed class CertificatePolicy(TimeProvider time)
{
    /// <summary>OID of the serverAuth extended key usage.</summary>
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>OID of the clientAuth extended key usage.</summary>
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private const string ChainRule = "chain to the endpoint's anchors (custom root trust, no system store, no revocation, no downloads)";
    private const string KeyRule = "key RSA >= 2048 / EC >= 256";

    public TimeProvider Time { get; } = time;

    /// <summary>Chain to the anchors + name match + EKU (serverAuth or absent) + key strength, for a server.</summary>
    public PolicyEvidence ValidateServer(string endpoint, IReadOnlyList<X509Certificate2> chain, string referenceName, IReadOnlyList<X509Certificate2> anchors)
    {
        var findings = new List<string>();
        if (chain.Count == 0)
        {
            return new PolicyEvidence(endpoint, referenceName, "served chain", false, ["no certificate was served"]) { Failed = [PolicyCheck.Served] };
        }

        var leaf = chain[0];
        var failed = new List<PolicyCheck>();
        var ok = Note(CheckChain(chain, anchors, findings), PolicyCheck.Chain, failed);
        ok &= Note(CheckValidity(leaf, "leaf", findings), PolicyCheck.Validity, failed);

        var match = HostnameMatcher.Match(leaf, referenceName);
        if (match.Matched)
        {
            findings.Add($"name '{referenceName}': matched SAN '{match.MatchedBy}' ({match.Rule})");
        }
        else
        {
            findings.Add($"name '{referenceName}': no SAN matches ({match.Rule}); SANs: {SanList(leaf)}");
            ok = Note(false, PolicyCheck.Name, failed);
        }

        ok &= Note(CheckEku(leaf, ServerAuthOid, "serverAuth", findings), PolicyCheck.Eku, failed);
        ok &= Note(CheckKey(leaf, "leaf", findings), PolicyCheck.Key, failed);
        var rule = $"{ChainRule} + {match.Rule} + EKU serverAuth or absent (RFC 5280 §4.2.1.12) + {KeyRule}";
        return new PolicyEvidence(endpoint, referenceName, rule, ok, findings) { Failed = failed };
    }

    /// <summary>Chain to the anchors + EKU (clientAuth or absent) + key strength, for a client certificate (no name rule).</summary>
    public PolicyEvidence ValidateClient(string endpoint, IReadOnlyList<X509Certificate2> chain, IReadOnlyList<X509Certificate2> anchors)
    {
        var findings = new List<string>();
        if (chain.Count == 0)
        {
            return new PolicyEvidence(endpoint, "(none)", "client chain", false, ["no client certificate"]) { Failed = [PolicyCheck.Served] };
        }

        var failed = new List<PolicyCheck>();
        var ok = Note(CheckChain(chain, anchors, findings), PolicyCheck.Chain, failed);
        ok &= Note(CheckValidity(chain[0], "leaf", findings), PolicyCheck.Validity, failed);
        ok &= Note(CheckEku(chain[0], ClientAuthOid, "clientAuth", findings), PolicyCheck.Eku, failed);
        ok &= Note(CheckKey(chain[0], "leaf", findings), PolicyCheck.Key, failed);
        var rule = $"{ChainRule} + EKU clientAuth or absent (RFC 5280 §4.2.1.12) + {KeyRule}";
        return new PolicyEvidence(endpoint, chain[0].Subject, rule, ok, findings) { Failed = failed };
    }

    /// <summary>Certificate hygiene (SAN-05): EKU absent or containing serverAuth, validity window, key strength, chain order, no expired intermediate.</summary>
    public PolicyEvidence Hygiene(string endpoint, IReadOnlyList<X509Certificate2> chain, IReadOnlyList<X509Certificate2> anchors)
    {
        const string Rule = "SAN-05 hygiene: EKU serverAuth or absent, leaf validity, " + KeyRule + ", served order (each issued by the next), intermediates valid, chain to anchors";
        if (chain.Count == 0)
        {
            return new PolicyEvidence(endpoint, "(none)", Rule, false, ["no certificate was served"]) { Failed = [PolicyCheck.Served] };
        }

        var findings = new List<string>();
        var failed = new List<PolicyCheck>();
        var leaf = chain[0];
        var ok = Note(CheckEku(leaf, ServerAuthOid, "serverAuth", findings), PolicyCheck.Eku, failed);
        ok &= Note(CheckValidity(leaf, "leaf", findings), PolicyCheck.Validity, failed);
        for (var i = 0; i < chain.Count; i++)
        {
            ok &= Note(CheckKey(chain[i], i == 0 ? "leaf" : $"served #{i} ({chain[i].Subject})", findings), PolicyCheck.Key, failed);
        }

        ok &= Note(CheckOrder(chain, anchors, findings), PolicyCheck.Order, failed);
        for (var i = 1; i < chain.Count; i++)
        {
            ok &= Note(CheckValidity(chain[i], $"intermediate #{i} ({chain[i].Subject})", findings), PolicyCheck.Validity, failed);
        }

        if (chain.Count == 1)
        {
            findings.Add("intermediates: none served");
        }

        ok &= Note(CheckChain(chain, anchors, findings), PolicyCheck.Chain, failed);
        return new PolicyEvidence(endpoint, leaf.Subject, Rule, ok, findings) { Failed = failed };
    }

    /// <summary>Records a failed check once and passes its result through.</summary>
    private static bool Note(bool ok, PolicyCheck check, List<PolicyCheck> failed)
    {
        if (!ok && !failed.Contains(check))
        {
            failed.Add(check);
        }

        return ok;
    }

    private bool CheckChain(IReadOnlyList<X509Certificate2> chain, IReadOnlyList<X509Certificate2> anchors, List<string> findings)
    {
        if (anchors.Count == 0)
        {
            findings.Add("chain: no trust anchors given for this endpoint");
            return false;
        }

        if (anchors.Any(a => a.RawDataMemory.Span.SequenceEqual(chain[0].RawDataMemory.Span)))
        {
            // The served leaf is itself one of the anchors (a pinned self-signed certificate): nothing to build.
            var now = Time.GetUtcNow().UtcDateTime;
            var valid = chain[0].NotBefore.ToUniversalTime() <= now && now <= chain[0].NotAfter.ToUniversalTime();
            findings.Add(valid ? "chain: the leaf is itself a trust anchor (pinned): ok" : "chain: the leaf is a pinned anchor but outside its validity window");
            return valid;
        }

        using var x = new X509Chain();
        var policy = x.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(anchors.ToArray());
        policy.ExtraStore.AddRange(chain.Skip(1).ToArray());
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = Time.GetUtcNow().UtcDateTime;
        policy.VerificationTimeIgnored = false;
        var built = x.Build(chain[0]);
        var path = string.Join(" <- ", x.ChainElements.Select(e => e.Certificate.Subject));
        try
        {
            if (built)
            {
                findings.Add($"chain: builds to an anchor ({path}): ok");
                return true;
            }

            var status = x.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}").Distinct();
            findings.Add($"chain: does not build to the endpoint's anchors ({string.Join("; ", status)}); path {path}");
            return false;
        }
        finally
        {
            foreach (var e in x.ChainElements)
            {
                e.Certificate.Dispose();
            }
        }
    }

    private bool CheckValidity(X509Certificate2 certificate, string what, List<string> findings)
    {
        var now = Time.GetUtcNow();
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var window = $"{notBefore:u} .. {notAfter:u}";
        if (now < notBefore)
        {
            findings.Add($"{what} validity {window}: not yet valid at {now:u}");
            return false;
        }

        if (now > notAfter)
        {
            findings.Add($"{what} validity {window}: expired at {now:u}");
            return false;
        }

        findings.Add($"{what} validity {window}: ok");
        return true;
    }

    private static bool CheckEku(X509Certificate2 leaf, string requiredOid, string requiredName, List<string> findings)
    {
        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (eku is null)
        {
            findings.Add($"EKU absent: any purpose (RFC 5280), {requiredName} allowed: ok");
            return true;
        }

        var oids = eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value ?? string.Empty).ToList();
        var names = string.Join(", ", oids.Select(CertificateSummaries.EkuName));
        if (oids.Contains(requiredOid))
        {
            findings.Add($"EKU [{names}] contains {requiredName}: ok");
            return true;
        }

        findings.Add($"EKU [{names}] lacks {requiredName}");
        return false;
    }

    private static bool CheckKey(X509Certificate2 certificate, string what, List<string> findings)
    {
        var (algorithm, size) = CertificateSummaries.KeyOf(certificate);
        var strong = algorithm switch
        {
            "RSA" => size >= 2048,
            _ when algorithm.StartsWith("ECDSA", StringComparison.Ordinal) => size >= 256,
            "Ed25519" or "Ed448" => true,
            _ => false,
        };
        findings.Add(strong ? $"{what} key {algorithm} {size}: ok" : $"{what} key {algorithm} {size}: too weak or unknown ({KeyRule})");
        return strong;
    }

    private static bool CheckOrder(IReadOnlyList<X509Certificate2> chain, IReadOnlyList<X509Certificate2> anchors, List<string> findings)
    {
        var ok = true;
        for (var i = 0; i + 1 < chain.Count; i++)
        {
            var child = chain[i];
            var parent = chain[i + 1];
            var namesMatch = child.IssuerName.RawData.AsSpan().SequenceEqual(parent.SubjectName.RawData);
            var signed = namesMatch ? SignatureVerifier.IsSignedBy(child, parent) : false;
            if (!namesMatch || signed == false)
            {
                findings.Add($"order: served #{i} ({child.Subject}) is not issued by served #{i + 1} ({parent.Subject})");
                ok = false;
            }
        }

        var last = chain[^1];
        if (!CertificateSummaries.IsSelfSigned(last))
        {
            var issuer = anchors.FirstOrDefault(a => last.IssuerName.RawData.AsSpan().SequenceEqual(a.SubjectName.RawData)
                && SignatureVerifier.IsSignedBy(last, a) != false);
            if (issuer is null && chain.Count > 1)
            {
                findings.Add($"order: last served certificate ({last.Subject}) is not issued by any anchor");
                ok = false;
            }
        }

        if (ok)
        {
            findings.Add($"order: each served certificate is issued by the next ({chain.Count} served): ok");
        }

        return ok;
    }

    private static string SanList(X509Certificate2 leaf)
    {
        var s = CertificateSummaries.From(leaf);
        var all = s.DnsNames.Select(d => $"DNS:{d}").Concat(s.IpAddresses.Select(i => $"IP:{i}")).ToList();
        return all.Count == 0 ? "(none)" : string.Join(", ", all);
    }
}
