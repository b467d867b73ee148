using Conformance.Inputs;
using Conformance.Model;
using Conformance.Platform;
using Conformance.TrustBundles;
using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;

namespace Conformance.Targets.Containers;

/// <summary>
/// The trust-bundle scenarios' upstream on the container target: a Docker network made for the run (labelled like the
/// harness's containers) and, on it under the alias <see cref="Alias"/>, a container of <see cref="Image"/> running the
/// reference server's <c>--mode upstream</c>. The implementation's container joins the same network, so it calls
/// <c>https://conformance-upstream:8443</c>; the harness drives the upstream through its admin port, published on
/// 127.0.0.1 at a harness-allocated port (<see cref="RemoteUpstream"/>). Disposing removes the container, then the network.
/// </summary>
public sealed class ContainerUpstream(string image, string runId, TimeSpan readyWithin, TimeProvider time) : ITrustUpstreamSource, IAsyncDisposable
{
    /// <summary>The upstream's name on the run's network.</summary>
    public const string Alias = "conformance-upstream";

    public const int TlsPort = 8443;

    public const int AdminPort = 9090;

    /// <summary>The image run when the profile names none (<c>target.container.upstreamImage</c>).</summary>
    public const string DefaultImage = "conformance/reference:dev";

    private IDockerClient? _client;
    private DockerContainer? _container;
    private string? _networkId;

    public string Image { get; } = image;

    /// <summary>The run's network (created by <see cref="StartAsync"/>), which the implementation's container joins.</summary>
    public string NetworkName { get; } = $"{runId}-net";

    /// <summary>The admin port's host side, on 127.0.0.1.</summary>
    public int AdminHostPort { get; } = PortAllocator.Allocate();

    /// <summary>The upstream container's id once created.</summary>
    public string? ContainerId => _container?.Id is { Length: > 0 } id ? id : null;

    /// <summary>Creates the network, starts the upstream on it, and waits (bounded) until its admin and TLS ports listen.</summary>
    public async Task StartAsync(IDockerClient client, CancellationToken cancellationToken)
    {
        _client = client;
        if (!await DockerEngine.HasImageAsync(client, Image, cancellationToken))
        {
            throw new TargetException(
                $"the trust-bundle upstream's image '{Image}' is not in the Docker engine at {DockerEngine.Describe()} (build it with fixtures/images/build.sh reference, or name another in target.container.upstreamImage; the harness never pulls)");
        }

        try
        {
            var created = await client.Networks.CreateNetworkAsync(
                new NetworksCreateParameters { Name = NetworkName, Driver = "bridge", Labels = DockerEngine.Labels(runId).ToDictionary() },
                cancellationToken);
            _networkId = created.ID;
        }
        catch (DockerApiException e)
        {
            throw new TargetException($"cannot create the run's Docker network {NetworkName}: {e.Message.Split('\n', 2)[0].Trim()}", e);
        }

        var admin = new PublishedPort("conformance-upstream-admin", AdminHostPort, AdminPort);
        var tls = new PublishedPort("conformance-upstream-https", 0, TlsPort);
        _container = (DockerContainer)new ContainerBuilder(Image)
            .WithImagePullPolicy(DotNet.Testcontainers.Images.PullPolicy.Never)
            .WithLogger(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
            .WithName($"{runId}-upstream")
            .WithLabel(DockerEngine.Labels(runId).ToDictionary())
            .WithCommand("--mode", "upstream", "--bind", "0.0.0.0", "--https", $"{TlsPort}", "--admin", $"{AdminPort}")
            .WithNetwork(NetworkName)
            .WithNetworkAliases(Alias)
            .WithCreateParameterModifier(parameters =>
            {
                // Only the admin port leaves the network, on 127.0.0.1: the TLS port is for the implementation alone.
                var key = $"{AdminPort}/tcp";
                parameters.ExposedPorts ??= new Dictionary<string, EmptyStruct>();
                parameters.ExposedPorts[key] = default;
                parameters.HostConfig ??= new HostConfig();
                parameters.HostConfig.PortBindings ??= new Dictionary<string, IList<PortBinding>>();
                parameters.HostConfig.PortBindings[key] = [new PortBinding { HostIP = "127.0.0.1", HostPort = AdminHostPort.ToString(System.Globalization.CultureInfo.InvariantCulture) }];
            })
            .WithWaitStrategy(Wait.ForUnixContainer().AddCustomWaitStrategy(
                new ListeningPortWait([admin, tls], ExitCodeAsync, time),
                s => s.WithTimeout(readyWithin).WithInterval(TimeSpan.FromMilliseconds(100))))
            .Build();
        try
        {
            await _container.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var why = e is ContainerExitedException x ? $"it exited with code {x.ExitCode}" : e.InnerException is ContainerExitedException y ? $"it exited with code {y.ExitCode}" : e.Message.Split('\n', 2)[0].Trim();
            throw new TargetException($"the trust-bundle upstream ({Image} --mode upstream, alias {Alias} on network {NetworkName}) did not become ready (budget {Durations.Format(readyWithin)}): {why}", e);
        }
    }

    public async Task<ITrustUpstream> OpenUpstreamAsync(string marker, CancellationToken cancellationToken)
    {
        if (_container is null)
        {
            throw new TargetException("the trust-bundle upstream container was not started");
        }

        return await RemoteUpstream.OpenAsync(
            new Uri($"http://127.0.0.1:{AdminHostPort}"),
            $"https://{Alias}:{TlsPort} (container {_container.Name.TrimStart('/')} on Docker network {NetworkName})",
            marker,
            cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        var container = _container;
        var client = _client;
        _container = null;
        if (client is null)
        {
            return;
        }

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
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

            if (id is { Length: > 0 })
            {
                await DockerEngine.RemoveAsync(client, id, bound.Token);
            }
        }

        if (_networkId is { } network)
        {
            _networkId = null;
            await DockerEngine.RemoveNetworkAsync(client, network, bound.Token);
        }
    }

    private async Task<long?> ExitCodeAsync()
    {
        if (_client is null || _container is null)
        {
            return null;
        }

        var inspect = await _client.Containers.InspectContainerAsync(_container.Id);
        return inspect.State is { Running: false, Status: "exited" or "dead" } s ? s.ExitCode : null;
    }
}
