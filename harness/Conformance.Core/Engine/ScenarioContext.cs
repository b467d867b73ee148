using Conformance.Drivers;
using Conformance.Evidence;
using Conformance.Pki;
using Conformance.Policy;
using Conformance.Probes;
using Conformance.Profiles;
using Conformance.Targets;

namespace Conformance.Engine;

/// <summary>
/// Everything a scenario may use: the profile, resolved endpoints, probes, policy, seeded randomness, its evidence
/// list, and the run's parts it may touch, each typed. What changes the target (actions, variants, certificate swaps)
/// is only handed to a scenario that declared the capability (<see cref="ScenarioInfo.Requires"/>), and a run fact
/// only to one that declared it (<see cref="ScenarioInfo.Produces"/>, <see cref="ScenarioInfo.Consumes"/>).
/// </summary>
public sealed class ScenarioContext
{
    /// <summary>The capabilities behind <see cref="Actions"/>: a scenario must declare at least one of them to act.</summary>
    private const TargetCapability Acting = TargetCapability.SwapCertificate | TargetCapability.Reload | TargetCapability.Restart | TargetCapability.WriteTrustBundles;

    private readonly List<EvidenceItem> _evidence = [];
    private readonly RunEnvironment _environment;
    private readonly ScenarioInfo _info;

    internal ScenarioContext(RunEnvironment environment, ScenarioInfo info, int runSeed, ProbeOptions probeOptions, TimeProvider time)
    {
        _environment = environment;
        _info = info;
        ProbeOptions = probeOptions;
        Random = new ScenarioRandom(runSeed, info.Id);
        Time = time;
        Plaintext = new PlaintextProbe(probeOptions, time);
        Handshake = new HandshakeProbe(probeOptions, time);
        Http = new HttpProbe(probeOptions, time);
        Ports = new PortProbe(probeOptions, time);
        Versions = new VersionProbe(probeOptions, time);
        Grpc = new GrpcProbe(probeOptions, time);
        Policy = new CertificatePolicy(time);
    }

    public ProbeOptions ProbeOptions { get; }

    /// <summary>
    /// The run's own cancellation (SIGINT/SIGTERM), not the scenario's time bound: the token of cleanup steps that must
    /// still run when the scenario timed out (putting the original certificate back) but not once the run is interrupted.
    /// </summary>
    public CancellationToken RunCancellation { get; init; }

    /// <summary>The run's options (set by the runner), e.g. the size of rotation loads.</summary>
    public RunOptions Options { get; init; } = new();

    public Profile Profile => _environment.Profile;

    /// <summary>The size of this run's rotation loads: the run option, else the profile's <c>load.requests</c>, else the default.</summary>
    public long LoadRequests => Options.LoadRequests ?? Profile.LoadRequests ?? RunOptions.DefaultLoadRequests;

    public IReadOnlyList<ResolvedEndpoint> Endpoints => _environment.Endpoints;

    public ITarget Target => _environment.Target;

    /// <summary>Certificates the harness issued for this run, or null when the profile brings its own.</summary>
    public RunPki? Pki => _environment.Pki;

    /// <summary>The client certificates the mTLS scenarios present, by endpoint name (endpoints that ask for client certificates).</summary>
    public IReadOnlyDictionary<string, EndpointClientCertificates> ClientCertificates => _environment.ClientCertificates;

    /// <summary>The run's log sources when the profile names a log catalog (<c>logs.catalog</c>), else null.</summary>
    public IRunLogSources? LogSources => _environment.LogSources;

    /// <summary>The run's folder: inputs a scenario writes go here, and the implementation's own log files are found here.</summary>
    public RunFolder RunFolder => new(_environment.Workspace.Path);

    /// <summary>The run's positive controls, each run once per endpoint (<see cref="ServedControlCache"/>).</summary>
    public ServedControlCache Controls => _environment.Controls;

    /// <summary>
    /// The trust-bundle scenarios' upstream when the target provides it (in its namespace or network); null: the
    /// scenarios run their own on the harness's loopback.
    /// </summary>
    public TrustBundles.ITrustUpstreamSource? Upstreams => _environment.Upstreams;

    /// <summary>
    /// Rotation actions on the implementation, null for targets the harness cannot act on. Only for a scenario that
    /// declares an acting capability (swap-certificate, reload, restart or write-trust-bundles).
    /// </summary>
    public ITargetActions? Actions => Declared(Acting, "the target's actions") ? _environment.Actions : null;

    /// <summary>How a log pattern's placeholders resolve on this target (e.g. <c>{port:https}</c> to the port the implementation logs).</summary>
    public Func<string, string> LogPlaceholders => _environment.Driver.LogPlaceholders(Profile, _environment.Resolver);

    /// <summary>Resolves the run's placeholders (<c>{port:*}</c>, <c>{pki:*}</c>, <c>{run:*}</c>, ...) in <paramref name="text"/>.</summary>
    public string Resolve(string text) => _environment.Resolver.Resolve(text);

    /// <summary>
    /// Starts a second instance of the implementation with some placeholders overridden, on fresh ports, and reports
    /// whether it became ready or exited (<see cref="RunEnvironment.TryStartVariantAsync"/>). Needs <see cref="TargetCapability.StartVariant"/>.
    /// </summary>
    public Task<StartAttempt> StartVariantAsync(IReadOnlyDictionary<string, string> overrides, TimeSpan within, CancellationToken cancellationToken)
    {
        Declared(TargetCapability.StartVariant, "a variant start");
        return _environment.TryStartVariantAsync(overrides, within, cancellationToken);
    }

    /// <summary>Swaps the live server certificate and key (<see cref="RunEnvironment.ReplaceServerCertificateAsync"/>). Needs <see cref="TargetCapability.SwapCertificate"/>.</summary>
    public Task ReplaceServerCertificateAsync(string certificatePem, string keyPem, CancellationToken cancellationToken)
    {
        Declared(TargetCapability.SwapCertificate, "a certificate swap");
        return _environment.ReplaceServerCertificateAsync(certificatePem, keyPem, cancellationToken);
    }

    /// <summary>This run's value of <paramref name="fact"/>; the scenario must declare that it produces or consumes it.</summary>
    public T Fact<T>(RunFact<T> fact)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(fact);
        if (!_info.Produces.Contains(fact) && !_info.Consumes.Contains(fact))
        {
            throw new InvalidOperationException($"{_info.Id} uses the run fact '{fact.Name}' without declaring it (ScenarioInfo.Produces or Consumes)");
        }

        return _environment.Facts.Get(fact);
    }

    public ScenarioRandom Random { get; }

    public TimeProvider Time { get; }

    public PlaintextProbe Plaintext { get; }

    public HandshakeProbe Handshake { get; }

    public HttpProbe Http { get; }

    public PortProbe Ports { get; }

    public VersionProbe Versions { get; }

    public GrpcProbe Grpc { get; }

    public CertificatePolicy Policy { get; }

    public IReadOnlyList<EvidenceItem> Evidence => _evidence;

    /// <summary>TLS endpoints (plaintext must be refused on them), in profile order.</summary>
    public IEnumerable<ResolvedEndpoint> TlsEndpoints => Endpoints.Where(e => e.Spec.IsTls);

    /// <summary>The first TLS endpoint: the one single-endpoint scenarios judge.</summary>
    public ResolvedEndpoint? PrimaryTls => TlsEndpoints.FirstOrDefault();

    /// <summary>The plaintext redirect endpoint (the former HTTP port), if the profile has one.</summary>
    public ResolvedEndpoint? RedirectEndpoint => Endpoints.FirstOrDefault(e => e.Spec.Plaintext == PlaintextMode.Redirect);

    public ResolvedEndpoint? Endpoint(string name) => Endpoints.FirstOrDefault(e => e.Name == name);

    /// <summary>The TLS endpoint a redirect endpoint sends clients to.</summary>
    public ResolvedEndpoint? RedirectTarget(ResolvedEndpoint redirect) =>
        redirect.Spec.RedirectsTo is { } name ? Endpoint(name) : PrimaryTls;

    public T Add<T>(T evidence)
        where T : EvidenceItem
    {
        _evidence.Add(evidence);
        return evidence;
    }

    public void Note(string text) => _evidence.Add(new NoteEvidence(text));

    // An undeclared use is the scenario's defect, not the target's: it throws, and the runner records a harness error.
    private bool Declared(TargetCapability any, string what) =>
        (_info.Requires & any) != TargetCapability.None
            ? true
            : throw new InvalidOperationException($"{_info.Id} uses {what} without declaring the capability (ScenarioInfo.Requires: {TargetCapabilities.Names(any)})");
}
