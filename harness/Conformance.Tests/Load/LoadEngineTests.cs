using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Load;
using Conformance.Tests.Support;

namespace Conformance.Tests.Load;

/// <summary>The load engine against real in-test TLS servers: exact counts, bounds, failure classes, no retries.</summary>
public sealed class LoadEngineTests(LoadPki pki) : IClassFixture<LoadPki>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_record_is_at_most_100_bytes()
    {
        Assert.True(Unsafe.SizeOf<RequestRecord>() <= 100);
        Assert.Equal(24, Unsafe.SizeOf<RequestRecord>());
    }

    [Fact]
    public async Task A_healthy_server_gets_exactly_the_bounded_count_with_zero_failures()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new KeepAliveTlsServer(pki.First.Certificate, pki.First.Intermediates) { AlternateChunked = true };
        var result = await RunAsync(Spec(server.Port, workers: 6, keepAlive: 0.5, max: 3000), ct);

        var s = result.Summary;
        Assert.Equal(3000, s.Total);
        Assert.Equal(3000, result.Records.Length);
        Assert.Equal(3000, s.Ok);
        Assert.Empty(s.FailuresByClass);
        Assert.Equal(3000, server.Answered);
        Assert.Single(result.Generations);
        Assert.Equal(Convert.ToHexString(pki.First.Certificate.GetCertHash(HashAlgorithmName.SHA256)), result.Generations[0]);
        Assert.Equal(3000, s.PerGeneration[0]);
        Assert.Equal(s.Total, s.Timeline.Sum(b => b.Ok + b.Failed));
        Assert.Equal(result.Records.Count(r => (r.Flags & (byte)RequestFlags.NewConnection) != 0), s.Connections);
        Assert.Equal(server.Connections, s.Connections);
        Assert.All(result.Records, r => Assert.Equal(200, r.Status));
        // Three keep-alive workers hold one connection each; the three others handshake for every request.
        var keepAlive = result.Records.Where(r => (r.Flags & (byte)RequestFlags.KeepAliveWorker) != 0).ToList();
        Assert.Equal(3, keepAlive.Select(r => r.ConnectionId).Distinct().Count());
        Assert.Equal(3000 - keepAlive.Count + 3, s.Connections);
        Assert.True(s.TimestampResolutionMs <= 1, $"resolution {s.TimestampResolutionMs} ms");
        Assert.True(s.LongestGapMs < s.DurationMs);
        Assert.True(s.RequestsPerSecond > 0);
    }

    [Fact]
    public async Task The_duration_bound_is_respected()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new KeepAliveTlsServer(pki.First.Certificate, pki.First.Intermediates);
        var spec = Spec(server.Port, workers: 4, keepAlive: 0.5, max: long.MaxValue) with { MaxDuration = TimeSpan.FromMilliseconds(600) };
        var result = await RunAsync(spec, ct);

        Assert.True(result.Summary.Total > 0);
        Assert.Equal(result.Summary.Total, result.Summary.Ok);
        Assert.All(result.Records, r => Assert.True(result.OffsetMs(r.StartTimestamp) < 600, "a request started after the deadline"));
        Assert.InRange(result.Summary.DurationMs, 600, 600 + spec.RequestTimeout.TotalMilliseconds);
        Assert.Equal(result.Summary.Total, server.Answered);
    }

    [Fact]
    public async Task Reset_connections_are_counted_as_reset_and_never_retried()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new KeepAliveTlsServer(pki.First.Certificate, pki.First.Intermediates) { ResetEveryNthConnection = 5 };
        var result = await RunAsync(Spec(server.Port, workers: 4, keepAlive: 0, max: 500), ct);

        var s = result.Summary;
        Assert.Equal(500, s.Total);
        Assert.Equal(500, server.Connections);
        Assert.Equal(100, server.Resets);
        Assert.Equal(new Dictionary<string, long> { ["reset"] = 100 }, s.FailuresByClass);
        Assert.Equal(400, s.Ok);
        Assert.Equal(400, server.Answered);
        Assert.NotNull(s.Populations[0].FirstFailureMs);

        // Reset before the handshake: no request was sent, so it is no cut of an established connection (RT-03's kind).
        Assert.All(result.Records.Where(r => r.Outcome == RequestOutcome.Reset), r => Assert.Equal(0, r.Flags & (byte)RequestFlags.RequestSent));
        Assert.All(result.Records.Where(r => r.Outcome == RequestOutcome.Ok), r => Assert.NotEqual(0, r.Flags & (byte)RequestFlags.RequestSent));
    }

    [Fact]
    public async Task A_request_closed_without_a_response_is_counted_and_not_retried()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new KeepAliveTlsServer(pki.First.Certificate, pki.First.Intermediates) { DropEveryNthRequest = 10 };
        var result = await RunAsync(Spec(server.Port, workers: 4, keepAlive: 1, max: 400), ct);

        // The server closes with a FIN and no byte of a response. On a connection's first request that is a request
        // cut mid-way; on a reused connection the client cannot tell it from the idle-close race (RFC 9112 §9.3.1),
        // so it gets its own class. Either way every one is counted, and none is retried.
        Assert.Equal(400, result.Summary.Total);
        Assert.Equal(40, result.Summary.FailuresByClass.GetValueOrDefault("closed-mid-request") + result.Summary.FailuresByClass.GetValueOrDefault("closed-before-response"));
        Assert.All(result.Summary.FailuresByClass.Keys, k => Assert.Contains(k, (string[])["closed-mid-request", "closed-before-response"]));
        Assert.Equal(40, server.Dropped);
        Assert.Equal(360, server.Answered);

        // Each was closed after its handshake with the request sent: a cut of an established connection.
        Assert.All(result.Records.Where(r => r.Outcome != RequestOutcome.Ok), r => Assert.NotEqual(0, r.Flags & (byte)RequestFlags.RequestSent));
    }

    [Fact]
    public async Task A_keep_alive_connection_closed_between_requests_is_not_a_failure()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new KeepAliveTlsServer(pki.First.Certificate, pki.First.Intermediates) { CloseAfterResponses = 3 };
        var result = await RunAsync(Spec(server.Port, workers: 4, keepAlive: 1, max: 600), ct);

        Assert.Equal(600, result.Summary.Ok);
        Assert.Empty(result.Summary.FailuresByClass);
        Assert.Equal(600, server.Answered);
        // Each connection served three requests, except possibly each worker's last one.
        Assert.InRange(result.Summary.Connections, 200, 204);
        Assert.Equal(server.Connections, result.Summary.Connections);
    }

    [Fact]
    public async Task An_untrusted_certificate_fails_every_request_without_sending_it_until_the_trust_changes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new KeepAliveTlsServer(pki.First.Certificate, pki.First.Intermediates);
        var spec = Spec(server.Port, workers: 4, keepAlive: 0.5, max: 2000) with { Populations = [new PopulationSpec("wrong-ca", [pki.Unrelated], 4)] };
        await using var session = new LoadEngine(TimeProvider.System).Start(spec, ct);
        await session.WaitForRequestsAsync(200, Generous, ct);
        Assert.Equal(0, server.Answered);
        session.SetTrust("wrong-ca", [pki.Root]);
        var fixedAt = session.Mark("trust fixed");
        var result = await session.CompleteAsync(ct);

        var s = result.Summary;
        Assert.Equal(2000, s.Total);
        Assert.True(s.FailuresByClass["untrusted"] >= 200);
        Assert.Equal(2000 - s.FailuresByClass["untrusted"], s.Ok);
        Assert.Equal(s.Ok, server.Answered);
        Assert.Single(s.FailuresByClass);
        Assert.All(result.Records.Where(r => r.Outcome == RequestOutcome.Untrusted), r => Assert.Equal(0, r.Generation));
        // Untrusted requests all started before the trust changed (keep-alive connections made before keep their verdict until closed).
        Assert.All(result.Records.Where(r => r.Outcome == RequestOutcome.Untrusted), r => Assert.True(r.StartTimestamp <= fixedAt.Timestamp));
        Assert.Contains(result.Markers, m => m.Label == "trust fixed");
        var evidence = LoadEvidenceFactory.From(result, $"127.0.0.1:{server.Port}", "trust change");
        Assert.Contains(evidence.Markers, m => m.Label == "trust fixed" && m.AtMs > 0);
        Assert.Equal(s.Populations[0].LastFailureMs, s.Populations[0].LastFailureMs);
        Assert.True(s.Populations[0].LastFailureMs <= evidence.Markers.First(m => m.Label == "trust fixed").AtMs);
    }

    [Fact]
    public async Task A_wrong_name_is_untrusted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new KeepAliveTlsServer(pki.First.Certificate, pki.First.Intermediates);
        var result = await RunAsync(Spec(server.Port, workers: 2, keepAlive: 0, max: 20) with { ServerName = "other.example" }, ct);
        Assert.Equal(new Dictionary<string, long> { ["untrusted"] = 20 }, result.Summary.FailuresByClass);
        Assert.Equal(0, server.Answered);
    }

    [Fact]
    public async Task A_closed_port_is_connection_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var result = await RunAsync(Spec(ClosedPort.Get(), workers: 2, keepAlive: 0.5, max: 50), ct);
        Assert.Equal(new Dictionary<string, long> { ["connection-refused"] = 50 }, result.Summary.FailuresByClass);
        Assert.Equal(result.Summary.DurationMs, result.Summary.LongestGapMs);
        Assert.Empty(result.Generations);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_per_request_without_retries()
    {
        var ct = TestContext.Current.CancellationToken;
        var accepted = 0;
        // Accepts TCP and then says nothing: every handshake waits until the request timeout.
        await using var silent = new RawTcpServer(async (socket, stop) =>
        {
            Interlocked.Increment(ref accepted);
            await Task.Delay(Timeout.Infinite, stop);
        });
        var spec = Spec(silent.Port, workers: 2, keepAlive: 0.5, max: 6, pki.Root) with { RequestTimeout = TimeSpan.FromMilliseconds(200) };
        await using var session = new LoadEngine(TimeProvider.System).Start(spec, ct);
        var result = await session.CompleteAsync(ct);

        Assert.Equal(new Dictionary<string, long> { ["timed-out"] = 6 }, result.Summary.FailuresByClass);
        Assert.All(result.Records, r => Assert.InRange(r.DurationMicros, 190_000u, 2_000_000u));
        Assert.Equal(6, result.Summary.Connections);
        await Poll.UntilAsync(() => Volatile.Read(ref accepted) == 6, TimeSpan.FromSeconds(10), "six connections accepted", ct);
    }

    [Fact]
    public async Task Stop_ends_the_run_early_with_every_started_request_recorded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new KeepAliveTlsServer(pki.First.Certificate, pki.First.Intermediates);
        await using var session = new LoadEngine(TimeProvider.System).Start(Spec(server.Port, workers: 4, keepAlive: 0.5, max: 10_000_000, pki.Root), ct);
        await session.WaitForRequestsAsync(300, Generous, ct);
        Assert.True(session.Completed >= 300);
        var result = await session.StopAsync(ct);
        Assert.InRange(result.Summary.Total, 300, 10_000_000 - 1);
        Assert.Equal(result.Summary.Total, result.Summary.Ok);
        Assert.Equal(result.Summary.Total, server.Answered);
        Assert.Same(result, await session.CompleteAsync(ct));
    }

    [Fact]
    public async Task Waiting_for_a_certificate_never_served_returns_null_at_the_deadline_and_evidence_round_trips()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new KeepAliveTlsServer(pki.First.Certificate, pki.First.Intermediates);
        await using var session = new LoadEngine(TimeProvider.System).Start(Spec(server.Port, workers: 2, keepAlive: 0.5, max: 400, pki.Root), ct);
        var first = Convert.ToHexString(pki.First.Certificate.GetCertHash(HashAlgorithmName.SHA256));
        Assert.NotNull(await session.WaitForCertificateAsync(first.ToLowerInvariant(), Generous, ct));
        Assert.Null(await session.WaitForCertificateAsync(Convert.ToHexString(pki.Second.Certificate.GetCertHash(HashAlgorithmName.SHA256)), TimeSpan.FromMilliseconds(200), ct));
        session.Mark("checked");
        var result = await session.CompleteAsync(ct);

        var evidence = LoadEvidenceFactory.From(result, $"127.0.0.1:{server.Port}", "healthy");
        var json = System.Text.Json.JsonSerializer.Serialize<Conformance.Evidence.EvidenceItem>(evidence, Conformance.Reports.JsonReport.Options);
        Assert.Contains("\"kind\": \"load\"", json, StringComparison.Ordinal);
        var back = Assert.IsType<Conformance.Evidence.LoadEvidence>(System.Text.Json.JsonSerializer.Deserialize<Conformance.Evidence.EvidenceItem>(json, Conformance.Reports.JsonReport.Options));
        Assert.Equal(400, back.Summary.Total);
        Assert.Equal(400, back.Summary.PerGeneration[0]);
        Assert.Equal(evidence.Markers.Select(m => m.Label), back.Markers.Select(m => m.Label));
    }

    internal static LoadSpec Spec(int port, int workers, double keepAlive, long max, params X509Certificate2[] trust) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        ServerName = "localhost",
        Populations = [new PopulationSpec("main", trust, workers)],
        KeepAliveShare = keepAlive,
        MaxRequests = max,
        MaxDuration = TimeSpan.FromSeconds(60),
    };

    private async Task<LoadResult> RunAsync(LoadSpec spec, CancellationToken ct)
    {
        if (spec.Populations is [{ Trust.Count: 0 } only])
        {
            spec = spec with { Populations = [only with { Trust = [pki.Root] }] };
        }

        await using var session = new LoadEngine(TimeProvider.System).Start(spec, ct);
        return await session.CompleteAsync(ct);
    }
}
