using Conformance.Inputs;
using Conformance.Logs;
using Conformance.Model;
using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Conformance.Interruption;
using Conformance.Profiles;

namespace Conformance.Targets.Containers;

/// <summary>
/// An image run with Testcontainers: created with the harness's labels, the run's files copied in before it starts,
/// ports published on 127.0.0.1 at harness-allocated host ports, output captured line by line with arrival times,
/// ready when the ready port listens inside (bounded). Stopping keeps the container (a restart is a real container
/// restart, files and all); disposing removes it, whatever happened before.
/// </summary>
public sealed class ContainerTarget : ISupervisedTarget, IEmergencyStop, IUpstreamHost
{
    private readonly Lock _gate = new();
    private readonly List<LogLine> _logs = [];
    private IDockerClient? _client;
    private DockerContainer? _container;
    private string? _lastLine;
    private string? _lastStderr;
    private IDisposable? _live;

    /// <param name="settings">What to run.</param>
    /// <param name="time">Clock for log stamps and waits.</param>
    /// <param name="upstreamImage">When set, the run's network and the trust-bundle upstream (<see cref="ContainerUpstream"/>) of this image start before the container, which joins that network.</param>
    public ContainerTarget(ContainerTargetSettings settings, TimeProvider time, string? upstreamImage = null)
    {
        DockerEngine.Initialise();
        Settings = settings;
        Time = time;
        // Unique per target, and a valid container name (the profile part shortened so the unique part survives).
        RunId = $"{settings.Name[..Math.Min(settings.Name.Length, 48)]}-{Guid.NewGuid().ToString("N")[..12]}";
        Upstream = upstreamImage is null ? null : new ContainerUpstream(upstreamImage, RunId, settings.ReadyWithin, time);
    }

    public ContainerTargetSettings Settings { get; }

    public TimeProvider Time { get; }

    /// <summary>The trust-bundle upstream beside the container (the profile claims trust bundles), else null.</summary>
    public ContainerUpstream? Upstream { get; }

    TrustBundles.ITrustUpstreamSource? IUpstreamHost.Upstream => Upstream;

    /// <summary>Value of the <c>conformance.run</c> label on this target's container.</summary>
    public string RunId { get; }

    public TargetKind Kind => TargetKind.Container;

    public bool SupportsActions => true;

    /// <summary>The container's id once created; null before and after removal.</summary>
    public string? ContainerId => _container?.Id is { Length: > 0 } id ? id : null;

    /// <summary>Exit code of the last time the container exited, or null.</summary>
    public long? ExitCode { get; private set; }

    /// <summary>How long the last start took, from the start call to ready.</summary>
    public TimeSpan? LastStartToReady { get; private set; }

    public IReadOnlyList<LogLine> Logs
    {
        get
        {
            lock (_gate)
            {
                return [.. _logs];
            }
        }
    }

    internal IDockerClient Client => _client ?? throw new TargetException("the container target has not been started");

    internal DockerContainer Container => _container ?? throw new TargetException("the container target has not been started");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        _live ??= LiveResources.Register(this);
        if (_container is null)
        {
            _client ??= await DockerEngine.ConnectAsync(cancellationToken);
            await DockerEngine.SweepOnceAsync(_client, cancellationToken);
            if (!await DockerEngine.HasImageAsync(_client, Settings.Image, cancellationToken))
            {
                throw new TargetException(
                    $"{Settings.ImageField}: image '{Settings.Image}' is not in the Docker engine at {DockerEngine.Describe()} (build or load it first, e.g. fixtures/images/build.sh; the harness never pulls)");
            }

            if (Upstream is not null)
            {
                // Its network must exist before the implementation's container is created on it.
                await Upstream.StartAsync(_client, cancellationToken);
            }

            _container = Build();
        }

        ExitCode = null;
        try
        {
            await _container.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Testcontainers reports a cancelled wait as a timeout: a cancellation stays a cancellation.
            cancellationToken.ThrowIfCancellationRequested();
            throw await StartFailureAsync(e);
        }

        LastStartToReady = Time.GetElapsedTime(started);
    }

    /// <summary>
    /// Starts like <see cref="StartAsync"/>, but reports "exited before it was ready" and "not ready in time" as
    /// results (a refusal to start is what SV-01/SV-02 expect). Engine and image problems still throw.
    /// </summary>
    public async Task<StartOutcome> TryStartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StartAsync(cancellationToken);
            return StartOutcome.Ready;
        }
        catch (TargetException) when (_container is not null && ExitCode is not null)
        {
            return StartOutcome.Exited;
        }
        catch (TargetException e) when (_container is not null && (e.InnerException is TimeoutException || e.InnerException?.InnerException is TimeoutException))
        {
            await StopAsync(CancellationToken.None);
            return StartOutcome.NotReady;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_container is not { } container || _client is not { } client || !await ExistsAsync(cancellationToken))
        {
            return;
        }

        // The engine sends SIGTERM, then SIGKILL after the stop timeout.
        await client.Containers.StopContainerAsync(
            container.Id, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Max(1, Math.Ceiling(Settings.StopTimeout.TotalSeconds)) }, cancellationToken);
        ExitCode = await ReadExitCodeAsync(cancellationToken);
    }

    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StopAsync(cancellationToken);
        await StartAsync(cancellationToken);
    }

    /// <summary>Waits up to <paramref name="within"/> for the container to exit by itself; true when it has (also when it had already).</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        if (_container is null || _client is null)
        {
            return false;
        }

        using var deadline = new CancellationTokenSource(within, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var result = await _client.Containers.WaitContainerAsync(Container.Id, linked.Token);
            ExitCode = result.StatusCode;
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Runs <paramref name="command"/> inside the running container, bounded by <paramref name="within"/>; throws <see cref="TargetException"/> on a non-zero exit.</summary>
    public async Task ExecAsync(IReadOnlyList<string> command, TimeSpan within, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(within, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        ExecResult result;
        try
        {
            result = await Container.ExecAsync([.. command], linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TargetException($"'{string.Join(' ', command)}' did not finish inside the container within {Durations.Format(within)}");
        }
        catch (DockerApiException e)
        {
            throw new TargetException($"cannot run '{string.Join(' ', command)}' inside the container: {FirstLine(e.Message)}", e);
        }

        if (result.ExitCode != 0)
        {
            var output = (result.Stderr.Trim().Length > 0 ? result.Stderr : result.Stdout).Trim();
            var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "(no output)";
            throw new TargetException($"'{string.Join(' ', command)}' exited with code {result.ExitCode} inside the container: {last}");
        }
    }

    /// <summary>Extracts <paramref name="entries"/> into the container (running or not) in one archive.</summary>
    public async Task CopyAsync(IEnumerable<ArchiveEntry> entries, CancellationToken cancellationToken)
    {
        using var archive = ContainerArchive.Build(entries);
        await Client.Containers.ExtractArchiveToContainerAsync(Container.Id, new CopyToContainerParameters { Path = "/" }, archive, cancellationToken);
    }

    /// <summary>Sends a signal to the container's main process.</summary>
    public async Task SignalAsync(string signal, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Containers.KillContainerAsync(Container.Id, new ContainerKillParameters { Signal = signal }, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw new TargetException($"cannot send SIG{signal} to the container: {FirstLine(e.Message)}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var container = _container;
        var client = _client;
        _container = null;
        _client = null;
        if (container is not null)
        {
            var id = container.Id;
            try
            {
                await container.DisposeAsync();
            }
            catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or InvalidOperationException or TimeoutException)
            {
                // Removed below, by id.
            }

            if (client is not null && id is { Length: > 0 })
            {
                using var bound = new CancellationTokenSource(Settings.StopTimeout + TimeSpan.FromSeconds(20));
                await DockerEngine.RemoveAsync(client, id, bound.Token);
            }
        }

        // After the implementation's container: the network is removable only once nothing is attached to it.
        if (Upstream is not null)
        {
            await Upstream.DisposeAsync();
        }

        client?.Dispose();
        _live?.Dispose();
        _live = null;
    }

    public string Describe => $"container {RunId}";

    /// <summary>
    /// Force-removes every container of this run (the implementation's and the upstream's, found by the run label, so
    /// one still being created is found too) and then the run's network; what does not finish within
    /// <paramref name="within"/> has been asked of the engine, and the next run's sweep removes any leftover.
    /// </summary>
    public void StopNow(TimeSpan within)
    {
        using var bound = new CancellationTokenSource(within);
        var work = Task.Run(
            async () =>
            {
                var client = _client ?? await DockerEngine.ConnectAsync(bound.Token);
                foreach (var c in await DockerEngine.ListHarnessContainersAsync(client, RunId, bound.Token))
                {
                    await DockerEngine.RemoveAsync(client, c.ID, bound.Token);
                }

                foreach (var n in await DockerEngine.ListHarnessNetworksAsync(client, RunId, bound.Token))
                {
                    await DockerEngine.RemoveNetworkAsync(client, n.ID, bound.Token);
                }
            },
            CancellationToken.None);
        try
        {
            work.Wait(within);
        }
        catch (AggregateException)
        {
            // Best effort by design: the engine had the request; the sweep of the next run removes what is left.
        }
    }

    private DockerContainer Build()
    {
        var builder = new ContainerBuilder(Settings.Image)
            .WithImagePullPolicy(DotNet.Testcontainers.Images.PullPolicy.Never)
            .WithLogger(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
            .WithName($"{RunId}")
            .WithLabel(DockerEngine.Labels(RunId).ToDictionary())
            .WithCommand([.. Settings.Command])
            .WithEnvironment(Settings.Environment.ToDictionary())
            .WithOutputConsumer(new LineOutputConsumer(OnLine))
            .WithCreateParameterModifier(parameters =>
            {
                // Published on 127.0.0.1 only, at the host ports the harness allocated (known before the start, so
                // every {port:NAME} resolves once and stays valid across restarts).
                parameters.ExposedPorts ??= new Dictionary<string, EmptyStruct>();
                parameters.HostConfig ??= new HostConfig();
                parameters.HostConfig.PortBindings ??= new Dictionary<string, IList<PortBinding>>();
                foreach (var p in Settings.Ports)
                {
                    var key = $"{p.ContainerPort}/tcp";
                    parameters.ExposedPorts[key] = default;
                    parameters.HostConfig.PortBindings[key] = [new PortBinding { HostIP = "127.0.0.1", HostPort = p.HostPort.ToString(System.Globalization.CultureInfo.InvariantCulture) }];
                }
            });
        if (Upstream is not null)
        {
            builder = builder.WithNetwork(Upstream.NetworkName);
        }

        if (Settings.Entrypoint is { } entrypoint)
        {
            builder = builder.WithEntrypoint([.. entrypoint]);
        }

        var wait = Wait.ForUnixContainer();
        if (Settings.ReadyPort is { } ready)
        {
            wait = wait.AddCustomWaitStrategy(new ListeningPortWait([ready, .. Settings.AlsoListening.Where(p => p != ready)], () => ReadExitCodeAsync(CancellationToken.None), Time), s => s.WithTimeout(Settings.ReadyWithin).WithInterval(TimeSpan.FromMilliseconds(100)));
        }

        var container = (DockerContainer)builder.WithWaitStrategy(wait).Build();

        // The run's files go in after the container exists and before its process starts: the implementation finds
        // its certificates at its first read. (Testcontainers' own resource mappings copy file contents only; the
        // kubelet layout needs its symbolic links.)
        container.Created += (_, _) => CopyAsync(Settings.Files, CancellationToken.None).GetAwaiter().GetResult();
        return container;
    }

    private void OnLine(string source, string text)
    {
        var entry = new LogLine(Time.GetUtcNow(), source, text);
        lock (_gate)
        {
            _logs.Add(entry);
            _lastLine = text;
            if (source == "stderr")
            {
                _lastStderr = text;
            }
        }
    }

    private async Task<TargetException> StartFailureAsync(Exception e)
    {
        var exited = e as ContainerExitedException ?? e.InnerException as ContainerExitedException;
        long? code = exited?.ExitCode;
        if (code is null && _container is { } c && _client is not null)
        {
            try
            {
                var inspect = await _client.Containers.InspectContainerAsync(c.Id);
                code = inspect.State is { Running: false, Status: "exited" } s ? s.ExitCode : null;
            }
            catch (DockerApiException)
            {
            }
        }

        string last;
        lock (_gate)
        {
            last = _lastStderr ?? _lastLine ?? "(no output)";
        }

        if (code is { } exit)
        {
            ExitCode = exit;
            return new TargetException($"{Settings.Image} exited with code {exit} before it was ready: {last}", e);
        }

        if (e is TimeoutException || e.InnerException is TimeoutException)
        {
            var port = Settings.ReadyPort is { } p ? $" on port {p.ContainerPort}" : string.Empty;
            return new TargetException($"{Settings.Image} was not ready{port} within {Durations.Format(Settings.ReadyWithin)}; last output: {last}", e);
        }

        return e as TargetException ?? new TargetException($"cannot start {Settings.Image}: {FirstLine(e.Message)}", e);
    }

    private async Task<bool> ExistsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Client.Containers.InspectContainerAsync(Container.Id, cancellationToken);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }

    private async Task<long?> ReadExitCodeAsync(CancellationToken cancellationToken)
    {
        var inspect = await Client.Containers.InspectContainerAsync(Container.Id, cancellationToken);
        return inspect.State is { Running: false, Status: "exited" or "dead" } s ? s.ExitCode : null;
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
