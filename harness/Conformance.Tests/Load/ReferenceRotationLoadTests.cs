using System.Security.Cryptography;
using Conformance.Load;
using Conformance.Pki;
using Conformance.Tests.Support;

namespace Conformance.Tests.Load;

/// <summary>The load engine against the reference implementation while its leaf is swapped kubelet-style (RT-01's shape).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReferenceRotationLoadTests(LoadPki pki) : IClassFixture<LoadPki>
{
    private static readonly TimeSpan ReloadBudget = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_leaf_swap_under_load_shows_two_generations_and_zero_failures()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = RunWorkspace.Create("conformance-load-");
        var mount = workspace.File("mount");
        CertificateSwap.Initialise(mount, Pair(pki.First));
        var port = Conformance.Platform.PortAllocator.Allocate();
        using var server = await ReferenceProcess.StartAsync(
            ["--https", $"{port}", "--cert", Path.Combine(mount, "tls.crt"), "--key", Path.Combine(mount, "tls.key")], [port], ct);

        var spec = LoadEngineTests.Spec(port, workers: 8, keepAlive: 0.5, max: 6000, pki.Root);
        await using var session = new LoadEngine(TimeProvider.System).Start(spec, ct);
        await session.WaitForRequestsAsync(1000, TimeSpan.FromSeconds(30), ct);
        Assert.True(session.Completed >= 1000, $"only {session.Completed} requests before the swap");

        var swapped = session.Mark("leaf swapped");
        CertificateSwap.Swap(mount, Pair(pki.Second));
        var second = Convert.ToHexString(pki.Second.Certificate.GetCertHash(HashAlgorithmName.SHA256));
        var served = await session.WaitForCertificateAsync(second, ReloadBudget, ct);
        Assert.NotNull(served);
        Assert.True(served.Timestamp > swapped.Timestamp);
        var result = await session.CompleteAsync(ct);

        var s = result.Summary;
        Assert.Equal(6000, s.Total);
        Assert.Empty(s.FailuresByClass);
        Assert.Equal(6000, s.Ok);
        Assert.Equal(2, result.Generations.Count);
        Assert.Equal(second, result.Generations[1]);
        Assert.True(s.PerGeneration[0] > 0 && s.PerGeneration[1] > 0);
        Assert.Equal(s.Total, s.PerGeneration.Values.Sum());
        Assert.Equal(s.Total, s.Timeline.Sum(b => b.Ok + b.Failed));
        // The first request served by the new leaf ended at the returned moment, and none before it.
        var firstNew = result.Records.Where(r => r.Generation == 1).Min(r => r.StartTimestamp + (r.DurationMicros * result.TimestampFrequency / 1_000_000));
        Assert.InRange(served.Timestamp - firstNew, 0, result.TimestampFrequency / 1000);
        Assert.Contains(result.Markers, m => m.Label.StartsWith("certificate ", StringComparison.Ordinal));
        var evidence = LoadEvidenceFactory.From(result, $"127.0.0.1:{port}", "leaf swap under load");
        Assert.Equal(2, evidence.Generations.Count);
        TestContext.Current.SendDiagnosticMessage(
            $"reload latency {(served.Timestamp - swapped.Timestamp) * 1000.0 / result.TimestampFrequency:0.0} ms; {s.RequestsPerSecond:0} req/s; longest gap {s.LongestGapMs:0.000} ms");
    }

    private static Dictionary<string, string> Pair(IssuedCertificate leaf) => new()
    {
        ["tls.crt"] = PemWriter.CertificatesPem(leaf.ServedChain),
        ["tls.key"] = PemWriter.PrivateKeyPem(leaf.Certificate),
    };
}
