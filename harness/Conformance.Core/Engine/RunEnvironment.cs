using System.Security.Cryptography.X509Certificates;
using Conformance.Drivers;
using Conformance.Inputs;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Profiles;
using Conformance.Targets;

namespace Conformance.Engine;

/// <summary>
/// One run's resolved world: a workspace (0700, removed after), the issued PKI, allocated ports, rendered files,
/// resolved endpoints, and the target that reaches the implementation. Disposing it stops the target and removes
/// every key file.
/// </summary>
public sealed class RunEnvironment : IAsyncDisposable
{
    private readonly List<X509Certificate2> _anchors = [];

    // Profile problems found while resolving; reported together (all of them) before anything starts.
    private readonly List<ProfileError> _problems = [];
    private bool _checking;
    private TimeProvider _time = TimeProvider.System;
    private int _variants;

    private RunEnvironment(Profile profile, RunWorkspace workspace, RunPki? pki, PlaceholderResolver resolver)
    {
        Profile = profile;
        Workspace = workspace;
        Pki = pki;
        Resolver = resolver;
        Driver = TargetDrivers.For(profile.Target.Kind);
        Controls = new ServedControlCache(profile, () => ClientCertificates);
    }

    public Profile Profile { get; }

    public RunWorkspace Workspace { get; }

    public RunPki? Pki { get; }

    public PlaceholderResolver Resolver { get; }

    public ITarget Target { get; private set; } = null!;

    /// <summary>The results scenarios hand to each other in this run, each typed and declared (<see cref="RunFact"/>).</summary>
    public RunFacts Facts { get; } = new();

    /// <summary>The run's positive controls, each run once per endpoint and reused by the runner and the scenarios.</summary>
    public ServedControlCache Controls { get; }

    public IReadOnlyList<ResolvedEndpoint> Endpoints { get; private set; } = [];

    /// <summary>The client certificates the mTLS scenarios present, by endpoint name (endpoints that ask for client certificates).</summary>
    public IReadOnlyDictionary<string, EndpointClientCertificates> ClientCertificates { get; private set; } = new Dictionary<string, EndpointClientCertificates>();

    private readonly Dictionary<string, ClientIdentity> _identities = new(StringComparer.Ordinal);

    /// <summary>The run's log sources when the profile names a log catalog (<c>logs.catalog</c>), else null.</summary>
    public LogSources? LogSources { get; private set; }

    /// <summary>The driver of the profile's target kind: what the target can do, and how it is made.</summary>
    public ITargetDriver Driver { get; }

    /// <summary>Rotation actions on the implementation: set by drivers that act on it, null for targets the harness cannot act on.</summary>
    public ITargetActions? Actions { get; private set; }

    /// <summary>
    /// The trust-bundle scenarios' upstream when the target provides it (kubernetes: a pod in the run's namespace;
    /// container: a container on the run's Docker network; ready once the target started); null: the scenarios run their own on the harness's loopback.
    /// </summary>
    public TrustBundles.ITrustUpstreamSource? Upstreams => (Target as IUpstreamHost)?.Upstream;

    /// <summary>
    /// Builds the environment; the target is created but not started. Throws <see cref="ProfileException"/> (its
    /// <see cref="ProfileException.Errors"/> lists every problem found) or <see cref="TargetException"/> with one clear line.
    /// </summary>
    public static RunEnvironment Prepare(Profile profile, TimeProvider time) => Prepare(profile, time, checking: false);

    /// <summary>
    /// Every problem <see cref="Prepare(Profile, TimeProvider)"/> would stop a run for — files the profile names that
    /// are missing or do not parse, templates that do not render, placeholders that do not resolve, target sections
    /// the factories refuse — by the same code, without starting anything: the PKI is issued into a throwaway
    /// workspace, ports are only allocated (bound and released), no log is tailed. Empty when the run would start.
    /// </summary>
    public static async Task<IReadOnlyList<ProfileError>> CheckAsync(Profile profile, TimeProvider time)
    {
        try
        {
            await using var env = Prepare(profile, time, checking: true);
            return [.. env._problems.OrderBy(p => p.Line).ThenBy(p => p.Column)];
        }
        catch (ProfileException e)
        {
            return e.Errors.Count > 0 ? e.Errors : [new ProfileError(profile.SourcePath ?? profile.Name, 0, 0, "(profile)", e.Message)];
        }
    }

    private static RunEnvironment Prepare(Profile profile, TimeProvider time, bool checking)
    {
        var workspace = RunWorkspace.Create();
        try
        {
            // Only TLS endpoints verify with trust anchors: a plaintext endpoint's default {pki:ca} never asks for a PKI.
            var usesPki = TargetCapabilities.Has(profile, TargetCapability.HarnessPki) || profile.Endpoints.Any(e => e.IsTls && e.Trust.Any(t => t.Contains("{pki:", StringComparison.Ordinal) || t == "self"));
            var pki = usesPki ? RunPki.Issue(profile.Pki, workspace, time) : null;
            var resolver = new PlaceholderResolver();
            resolver.Set("run:dir", workspace.Path);
            resolver.Set("run:bundles", Directory.CreateDirectory(workspace.File("bundles")).FullName);
            if (pki is not null)
            {
                resolver.SetAll(pki.Placeholders);
            }

            var env = new RunEnvironment(profile, workspace, pki, resolver) { _checking = checking };
            try
            {
                env.LoadClientCertificates(time);
                env.Build(time);
            }
            catch
            {
                env.DisposeClientCertificates();
                pki?.Dispose();
                throw;
            }

            return env;
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts a second instance of the implementation (a driver with <see cref="TargetCapability.StartVariant"/>) with
    /// some placeholders overridden — e.g. <c>pki:secret</c> pointing at an invalid secret — on fresh ports, waits until
    /// it is ready, exits, or <paramref name="within"/> passes, then stops it. Used to check that bad inputs make it
    /// refuse to start.
    /// </summary>
    public Task<StartAttempt> TryStartVariantAsync(IReadOnlyDictionary<string, string> overrides, TimeSpan within, CancellationToken cancellationToken) =>
        Driver.TryStartVariantAsync(new VariantContext(Profile, Resolver, Pki, Workspace, ResolveVariant), overrides, within, _time, cancellationToken);

    /// <summary>
    /// The target's command line for a variant: the same pki/file/run values, <paramref name="overrides"/> on top, a
    /// resolver of its own (every <c>{port:*}</c> gets a new port, so the variant never clashes with the running
    /// instance) and the target files not overridden rendered into a folder of its own. Throws <see cref="ProfileException"/>.
    /// </summary>
    public ResolvedTargetSpec ResolveVariant(IReadOnlyDictionary<string, string> overrides, TimeSpan within)
    {
        var resolver = new PlaceholderResolver();
        resolver.SetAll(Resolver.Values);
        var folder = Workspace.File($"variant-{Interlocked.Increment(ref _variants)}");
        Directory.CreateDirectory(folder);
        foreach (var name in Profile.Target.Files.Keys.Where(n => !overrides.ContainsKey($"file:{n}")))
        {
            resolver.Set($"file:{name}", Path.Combine(folder, name));
        }

        resolver.SetAll(overrides);
        var spec = ResolveTarget(resolver, folder, renderFiles: [.. Profile.Target.Files.Keys.Where(n => !overrides.ContainsKey($"file:{n}"))]) with { ReadyWithin = within };
        ThrowIfProblems();
        return spec;
    }

    /// <summary>
    /// Swaps the live server certificate and key (kubelet-style atomic symlink swap; the <c>{pki:secret}</c> manifest too)
    /// and returns when the rename is done. Same as <see cref="ITargetActions.ReplaceCertificateAsync"/> on <see cref="Actions"/>.
    /// </summary>
    public Task ReplaceServerCertificateAsync(string certificatePem, string keyPem, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Pki is null)
        {
            throw new TargetException("this profile does not use the harness PKI: there is no live certificate to replace");
        }

        if (Actions is { } actions)
        {
            return actions.ReplaceCertificateAsync(certificatePem, keyPem, cancellationToken);
        }

        CertificateSwap.Swap(Pki.LiveDirectory, new Dictionary<string, string> { ["tls.crt"] = certificatePem, ["tls.key"] = keyPem });
        return Task.CompletedTask;
    }

    /// <summary>
    /// The last resort of an interrupted run: kills the target (process tree, containers, the namespace's deletion
    /// started) and removes the workspace with its keys, bounded by <paramref name="within"/>, without waiting for
    /// anything graceful. <see cref="DisposeAsync"/> afterwards is still safe.
    /// </summary>
    public void StopNow(TimeSpan within)
    {
        if (Target is Interruption.IEmergencyStop target)
        {
            try
            {
                target.StopNow(within);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The workspace below goes whatever happened to the target's stop.
            }
        }

        Workspace.StopNow(within);
    }

    public async ValueTask DisposeAsync()
    {
        if (Target is not null)
        {
            await Target.DisposeAsync();
        }

        if (LogSources is not null)
        {
            await LogSources.DisposeAsync();
        }

        foreach (var a in _anchors)
        {
            a.Dispose();
        }

        DisposeClientCertificates();
        Pki?.Dispose();
        Workspace.Dispose();
    }

    /// <summary>Notes a problem and goes on, so one pass finds them all; <see cref="ThrowIfProblems"/> stops before anything starts.</summary>
    private void Problem(string field, string message) => _problems.Add(ProfileLocator.Error(Profile, field, message));

    private string Strict(string resolved)
    {
        ThrowIfProblems();
        return resolved;
    }

    private void ThrowIfProblems()
    {
        if (_problems.Count > 0)
        {
            // Reported once: a later variant or log source starts from a clean list.
            ProfileError[] problems = [.. _problems.OrderBy(p => p.Line).ThenBy(p => p.Column)];
            _problems.Clear();
            throw new ProfileException(problems);
        }
    }

    // An unresolved placeholder is noted and the text kept as written, so the rest of the profile is still checked.
    private Func<string, string, string> Resolving(PlaceholderResolver resolver) => (text, field) =>
    {
        try
        {
            return resolver.Resolve(text);
        }
        catch (PlaceholderException e)
        {
            Problem(field, e.Message);
            return text;
        }
    };

    /// <summary>Renders the named target files into <paramref name="folder"/> and resolves command, arguments, environment and ready port.</summary>
    private ResolvedTargetSpec ResolveTarget(PlaceholderResolver resolver, string folder, IReadOnlyList<string> renderFiles)
    {
        var spec = Profile.Target;
        var R = Resolving(resolver);
        foreach (var name in renderFiles)
        {
            var template = spec.Files[name];
            string text;
            try
            {
                text = Inputs.InputFile.ReadText(template, Inputs.InputFile.ProfileBound, "a template");
            }
            catch (Inputs.InputFileException e)
            {
                Problem($"target.files.{name}", $"cannot use the template {e.Message}");
                continue;
            }

            PemWriter.WriteSecret(Path.Combine(folder, name), R(text, $"target.files.{name}"));
        }

        string? fileName = null;
        var args = new List<string>();
        if (spec.Command == "{reference}" && _checking)
        {
            // Whether the reference is built is the run's concern (exit 3), not the profile's.
            fileName = spec.Command;
        }
        else if (spec.Command == "{reference}")
        {
            var (host, dll) = ReferenceLocator.Locate();
            fileName = host;
            args.Add(dll);
        }
        else if (spec.Command is not null)
        {
            fileName = R(spec.Command, "target.command");
        }

        args.AddRange(spec.Args.Select((a, i) => R(a, $"target.args[{i}]")));
        var environment = spec.Environment.ToDictionary(kv => kv.Key, kv => R(kv.Value, $"target.env.{kv.Key}"));
        int? readyPort = null;
        var firstTls = Profile.Endpoints.FirstOrDefault(x => x.IsTls);
        var (readyText, readyField) = spec.Ready is { } ready ? (ready.Tcp, "target.ready.tcp") : (firstTls?.Port, $"endpoints.{firstTls?.Name}.port");
        if (readyText is not null)
        {
            var text = R(readyText, readyField);
            if (int.TryParse(text, out var p) && p is >= 1 and <= 65535)
            {
                readyPort = p;
            }
            else if (text == readyText && text.Contains('{', StringComparison.Ordinal))
            {
                // Already reported as an unknown placeholder.
            }
            else
            {
                Problem(readyField, $"'{text}' is not a port number");
            }
        }

        return new ResolvedTargetSpec(fileName, args, environment, Workspace.Path, spec.Host, readyPort, spec.Ready?.Within ?? TimeSpan.FromSeconds(15), spec.StopTimeout);
    }

    private void Build(TimeProvider time)
    {
        _time = time;
        var spec = Profile.Target;
        var R = Resolving(Resolver);

        // Files first: their names become {file:NAME} for the command line.
        foreach (var (name, template) in spec.Files)
        {
            var path = Workspace.File(name);
            Resolver.Set($"file:{name}", path);
        }

        var resolved = ResolveTarget(Resolver, Workspace.Path, [.. spec.Files.Keys]);

        var endpoints = new List<ResolvedEndpoint>();
        foreach (var e in Profile.Endpoints)
        {
            var portText = R(e.Port, $"endpoints.{e.Name}.port");
            if (!int.TryParse(portText, out var port) || port is < 1 or > 65535)
            {
                if (portText != e.Port || !portText.Contains('{', StringComparison.Ordinal))
                {
                    Problem($"endpoints.{e.Name}.port", $"'{portText}' is not a port number");
                }

                continue;
            }

            var serverName = (e.ServerName ?? Driver.DefaultServerName(spec)) is { } sni ? R(sni, $"endpoints.{e.Name}.serverName") : null;
            var external = e.ExternalUrl is null
                ? $"https://{(serverName ?? spec.Host).TrimEnd('.')}:{port}"
                : R(e.ExternalUrl, $"endpoints.{e.Name}.externalUrl");
            var anchors = e.IsTls ? TrustAnchors.Load(e, R, Problem, () => _problems.Count) : [];
            _anchors.AddRange(anchors);
            endpoints.Add(new ResolvedEndpoint(e, spec.Host, port, serverName, external, anchors));
        }

        if (Profile.Logs?.Catalog.Source.File is { } logFile)
        {
            // The catalog's tailed file is resolved when its source starts; resolved here too so a bad placeholder is found first.
            R(logFile, "logs.catalog");
        }

        Endpoints = endpoints;
        ThrowIfProblems();
        var context = new TargetContext(Profile, Resolver, Pki, Workspace, resolved, time, R);
        if (_checking)
        {
            // The factories' own checks (sections present, manifests readable, ready port published); nothing starts.
            try
            {
                Target = Driver.Create(context).Target;
            }
            catch (ProfileException e)
            {
                _problems.AddRange(e.Errors.Count > 0 ? e.Errors : [new ProfileError(Profile.SourcePath ?? Profile.Name, 0, 0, "target", e.Message)]);
            }

            return;
        }

        var created = Driver.Create(context);
        Target = created.Target;
        Actions = created.Actions();
        ThrowIfProblems();

        if (Profile.Logs is { } logs)
        {
            // Started before the target so a tailed file's start lines are stamped as they arrive; every action is journaled.
            // Resolved as the catalog's sources start, after the checks: a problem here stops the run at once.
            LogSources = LogSources.Start(logs, Target, text => Strict(R(text, "logs.catalog: source.file")), time);
            Actions = Actions is null ? null : new JournalingTargetActions(Actions, LogSources.Journal);
        }
    }

    /// <summary>Loads each endpoint's <c>client:</c> identity (keys stay in memory) and issues the per-endpoint client certificates.</summary>
    private void LoadClientCertificates(TimeProvider time)
    {
        foreach (var e in Profile.Endpoints.Where(x => x.Client is not null))
        {
            try
            {
                _identities[e.Name] = ClientIdentity.Load(e.Client!, time);
            }
            catch (ClientIdentityException ex)
            {
                Problem($"endpoints.{e.Name}.client.{ex.Key}", ex.Message);
            }
        }

        if (_identities.Count < Profile.Endpoints.Count(x => x.Client is not null))
        {
            return;
        }

        ClientCertificates = EndpointClientCertificates.Build(
            [.. Profile.Endpoints.Where(e => e.IsTls && e.ClientAuth != ClientAuth.None).Select(e => new ClientAuthEndpoint(e.Name, ClientTrust.HarnessConfigured(Profile, e)))],
            Pki,
            _identities,
            time);
    }

    private void DisposeClientCertificates()
    {
        foreach (var set in ClientCertificates.Values)
        {
            set.Dispose();
        }

        foreach (var id in _identities.Values)
        {
            id.Dispose();
        }

        _identities.Clear();
        ClientCertificates = new Dictionary<string, EndpointClientCertificates>();
    }
}
