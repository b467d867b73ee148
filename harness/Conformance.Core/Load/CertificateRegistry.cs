using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Policy;

namespace Conformance.Load;

/// <summary>One population's trust anchors at one moment; the version keys the verdict cache.</summary>
internal sealed class TrustState(long version, X509Certificate2Collection anchors)
{
    public long Version { get; } = version;

    public X509Certificate2Collection Anchors { get; } = anchors;
}

/// <summary>A served leaf: its SHA-256 fingerprint and its index in order of first appearance.</summary>
internal sealed class CertificateGeneration(byte[] fingerprint, int index)
{
    private int _served;

    public byte[] Fingerprint { get; } = fingerprint;

    public string Hex { get; } = Convert.ToHexString(fingerprint);

    public int Index { get; } = index;

    /// <summary>True exactly once: for the first request this certificate served.</summary>
    public bool FirstServed() => Volatile.Read(ref _served) == 0 && Interlocked.Exchange(ref _served, 1) == 0;
}

/// <summary>
/// Thread-safe registry of the leaves seen (generations) and of chain verdicts per (trust version, generation), so
/// a chain is built once per leaf and trust, not once per handshake. Also the waiters for "first served".
/// </summary>
internal sealed class CertificateRegistry(string? serverName)
{
    /// <summary>Generation byte in a record when no certificate was seen.</summary>
    public const byte NoGeneration = byte.MaxValue;

    private readonly object _gate = new();
    private readonly ConcurrentDictionary<long, bool> _verdicts = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<LoadMarker>> _served = new(StringComparer.OrdinalIgnoreCase);
    private CertificateGeneration[] _generations = [];

    public IReadOnlyList<string> Hexes => [.. Volatile.Read(ref _generations).Select(g => g.Hex)];

    /// <summary>The generation of the leaf with this fingerprint, registered on first sight.</summary>
    public CertificateGeneration Generation(ReadOnlySpan<byte> fingerprint)
    {
        foreach (var g in Volatile.Read(ref _generations))
        {
            if (fingerprint.SequenceEqual(g.Fingerprint))
            {
                return g;
            }
        }

        lock (_gate)
        {
            foreach (var g in _generations)
            {
                if (fingerprint.SequenceEqual(g.Fingerprint))
                {
                    return g;
                }
            }

            var added = new CertificateGeneration(fingerprint.ToArray(), _generations.Length);
            Volatile.Write(ref _generations, [.. _generations, added]);
            return added;
        }
    }

    /// <summary>Whether <paramref name="leaf"/> (generation <paramref name="generation"/>) chains to the trust and matches the server name; cached.</summary>
    public bool Verdict(TrustState trust, CertificateGeneration generation, X509Certificate2 leaf, X509Chain? presented)
    {
        var key = (trust.Version << 32) | (uint)generation.Index;
        if (_verdicts.TryGetValue(key, out var verdict))
        {
            return verdict;
        }

        verdict = Judge(trust, leaf, presented);
        _verdicts.TryAdd(key, verdict);
        return verdict;
    }

    /// <summary>Called when a request served by <paramref name="generation"/> completed: completes the first-served waiter once.</summary>
    public LoadMarker? Served(CertificateGeneration generation, long timestamp)
    {
        if (!generation.FirstServed())
        {
            return null;
        }

        var marker = new LoadMarker($"certificate {generation.Hex[..16]} first served", timestamp);
        _served.GetOrAdd(generation.Hex, static _ => NewWaiter()).TrySetResult(marker);
        return marker;
    }

    public Task<LoadMarker> WhenServed(string fingerprintHex) =>
        _served.GetOrAdd(fingerprintHex.Replace(":", string.Empty, StringComparison.Ordinal).Trim().ToUpperInvariant(), static _ => NewWaiter()).Task;

    public static byte[] Fingerprint(X509Certificate2 certificate) => certificate.GetCertHash(HashAlgorithmName.SHA256);

    private static TaskCompletionSource<LoadMarker> NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private bool Judge(TrustState trust, X509Certificate2 leaf, X509Chain? presented)
    {
        if (serverName is not null && !HostnameMatcher.Match(leaf, serverName).Matched)
        {
            return false;
        }

        if (trust.Anchors.Count == 0)
        {
            return false;
        }

        // A leaf that is itself an anchor (Feldera's self-signed certificate, trusted as the file) is trusted as such:
        // OpenSSL's chain builder picks anchors by subject, and two self-signed leaves share theirs during a rotation.
        if (trust.Anchors.Any(a => a.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)))
        {
            return leaf.NotBefore <= DateTime.Now && DateTime.Now <= leaf.NotAfter;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trust.Anchors);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
        }

        // Verdicts are cached per (trust version, leaf), so chains are built a handful of times per run.
        return chain.Build(leaf);
    }
}
