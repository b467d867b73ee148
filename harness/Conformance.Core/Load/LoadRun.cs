using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Conformance.Load;

/// <summary>The running load behind <see cref="LoadSession"/>: slots, workers, trust per population, markers and waiters.</summary>
internal sealed class LoadRun : LoadSession
{
    private readonly TimeProvider _time;
    private readonly RecordBuffer _records;
    private readonly TrustState[] _trust;
    private readonly Dictionary<string, int> _populationIndex = new(StringComparer.Ordinal);
    private readonly List<LoadMarker> _markers = [];
    private readonly List<(long Target, TaskCompletionSource Done)> _waiters = [];
    private readonly CancellationTokenSource _abort;
    private readonly long _deadline;
    private readonly object _resultGate = new();
    private Task<LoadWorker[]>? _workers;
    private Task<LoadResult>? _result;
    private long _reserved;
    private long _completed;
    private long _nextWake = long.MaxValue;
    private long _trustVersions;
    private int _connections;
    private int _stopping;
    private long _endTimestamp;

    private LoadRun(LoadSpec spec, TimeProvider time, IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        Spec = spec;
        _time = time;
        EndPoint = endPoint;
        _records = new RecordBuffer(spec.MaxRequests);
        _abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Certificates = new CertificateRegistry(spec.ServerName);
        _trust = new TrustState[spec.Populations.Count];
        for (var i = 0; i < _trust.Length; i++)
        {
            _populationIndex[spec.Populations[i].Name] = i;
            _trust[i] = NewTrust(spec.Populations[i].Trust);
        }

        StartedUtc = time.GetUtcNow();
        StartTimestamp = time.GetTimestamp();
        var ticks = spec.MaxDuration.Ticks >= long.MaxValue / Math.Max(1, time.TimestampFrequency) ? long.MaxValue / 4 : spec.MaxDuration.Ticks * time.TimestampFrequency / TimeSpan.TicksPerSecond;
        _deadline = StartTimestamp + ticks;
    }

    public LoadSpec Spec { get; }

    public IPEndPoint EndPoint { get; }

    public CertificateRegistry Certificates { get; }

    public long StartTimestamp { get; }

    public DateTimeOffset StartedUtc { get; }

    public TimeProvider Time => _time;

    public CancellationToken AbortToken => _abort.Token;

    public override long Completed => Interlocked.Read(ref _completed);

    public static LoadRun Start(LoadSpec spec, TimeProvider time, CancellationToken cancellationToken)
    {
        var address = IPAddress.TryParse(spec.Host, out var ip) ? ip
            : Dns.GetHostAddresses(spec.Host).OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).First();
        var run = new LoadRun(spec, time, new IPEndPoint(address, spec.Port), cancellationToken);
        var workers = new List<LoadWorker>();
        for (var p = 0; p < spec.Populations.Count; p++)
        {
            var count = spec.Populations[p].Workers;
            var keepAlive = (int)Math.Round(count * Math.Clamp(spec.KeepAliveShare, 0, 1), MidpointRounding.AwayFromZero);
            for (var w = 0; w < count; w++)
            {
                workers.Add(new LoadWorker(run, (byte)p, keepAlive: w < keepAlive));
            }
        }

        run._workers = RunAllAsync(run, [.. workers]);
        return run;
    }

    /// <summary>Reserves the next record slot, or false when a bound is reached or the run is stopping.</summary>
    public bool TryReserve(out long slot)
    {
        slot = -1;
        if (Volatile.Read(ref _stopping) != 0 || _abort.IsCancellationRequested || _time.GetTimestamp() >= _deadline)
        {
            return false;
        }

        slot = Interlocked.Increment(ref _reserved) - 1;
        return slot < _records.Capacity;
    }

    public int NextConnectionId() => Interlocked.Increment(ref _connections);

    public TrustState Trust(int population) => Volatile.Read(ref _trust[population]);

    public void Complete(long slot, in RequestRecord record)
    {
        _records.Write(slot, record);
        var done = Interlocked.Increment(ref _completed);
        if (done >= Volatile.Read(ref _nextWake))
        {
            WakeWaiters(done);
        }
    }

    public void AddMarker(LoadMarker marker)
    {
        lock (_markers)
        {
            _markers.Add(marker);
        }
    }

    public override void SetTrust(string population, IReadOnlyList<X509Certificate2> trust)
    {
        if (!_populationIndex.TryGetValue(population, out var index))
        {
            throw new ArgumentException($"no population '{population}' in this load", nameof(population));
        }

        Volatile.Write(ref _trust[index], NewTrust(trust));
    }

    public override LoadMarker Mark(string label)
    {
        var marker = new LoadMarker(label, _time.GetTimestamp());
        AddMarker(marker);
        return marker;
    }

    public override async Task<LoadMarker?> WaitForCertificateAsync(string sha256Fingerprint, TimeSpan within, CancellationToken cancellationToken)
    {
        try
        {
            return await Certificates.WhenServed(sha256Fingerprint).WaitAsync(within, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public override async Task WaitForRequestsAsync(long requests, TimeSpan within, CancellationToken cancellationToken)
    {
        var target = Completed + requests;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((target, done));
            Volatile.Write(ref _nextWake, Math.Min(Volatile.Read(ref _nextWake), target));
        }

        WakeWaiters(Completed);
        if (_workers is { IsCompleted: true })
        {
            done.TrySetResult();
        }

        try
        {
            await Task.WhenAny(done.Task, _workers!).WaitAsync(within, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // "or within passed": the caller looks at Completed.
        }
    }

    public override async Task<LoadResult> StopAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _stopping, 1);
        return await CompleteAsync(cancellationToken);
    }

    public override Task<LoadResult> CompleteAsync(CancellationToken cancellationToken)
    {
        lock (_resultGate)
        {
            _result ??= BuildResultAsync();
        }

        return _result.WaitAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _stopping, 1);
        await _abort.CancelAsync();
        try
        {
            await _workers!;
        }
        catch (OperationCanceledException)
        {
        }

        _abort.Dispose();
    }

    private static async Task<LoadWorker[]> RunAllAsync(LoadRun run, LoadWorker[] workers)
    {
        await Task.WhenAll(workers.Select(w => Task.Run(w.RunAsync)));
        run._endTimestamp = run._time.GetTimestamp();
        lock (run._waiters)
        {
            foreach (var (_, done) in run._waiters)
            {
                done.TrySetResult();
            }
        }

        return workers;
    }

    private async Task<LoadResult> BuildResultAsync()
    {
        await _workers!;
        var count = Math.Min(Interlocked.Read(ref _reserved), _records.Capacity);
        var records = _records.ToArray(count);
        LoadMarker[] markers;
        lock (_markers)
        {
            markers = [.. _markers.OrderBy(m => m.Timestamp)];
        }

        var frequency = _time.TimestampFrequency;
        var summary = LoadSummarizer.Summarize(records, [.. Spec.Populations.Select(p => p.Name)], StartTimestamp, _endTimestamp, frequency, Volatile.Read(ref _connections));
        return new LoadResult(records, markers, Certificates.Hexes, StartTimestamp, StartedUtc, summary) { TimestampFrequency = frequency };
    }

    private TrustState NewTrust(IReadOnlyList<X509Certificate2> anchors) =>
        new(Interlocked.Increment(ref _trustVersions), [.. anchors]);

    private void WakeWaiters(long done)
    {
        lock (_waiters)
        {
            var next = long.MaxValue;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= done)
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
                else
                {
                    next = Math.Min(next, _waiters[i].Target);
                }
            }

            Volatile.Write(ref _nextWake, next);
        }
    }
}
