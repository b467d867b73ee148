using Conformance.Evidence;
using Conformance.Pki;
using Conformance.Policy;
using Conformance.Probes;
using Conformance.Profiles;
using Conformance.Targets;

namespace Conformance.Engine;

/// <summary>Everything a scenario may use: the profile, resolved endpoints, probes, policy, seeded randomness, and its evidence list.</summary>
public sealed class ScenarioContext
{
    private readonly List<EvidenceItem> _evidence = [];

    public ScenarioContext(RunEnvironment environment, string scenarioId, int runSeed, ProbeOptions probeOptions, TimeProvider time)
    {
        Environment = environment;
        ProbeOptions = probeOptions;
        Random = new ScenarioRandom(runSeed, scenarioId);
        Time = time;
        Plaintext = new PlaintextProbe(probeOptions, time);
        Handshake = new HandshakeProbe(probeOptions, time);
        Http = new HttpProbe(probeOptions, time);
        Ports = new PortProbe(probeOptions, time);
        Versions = new VersionProbe(probeOptions, time);
        Grpc = new GrpcProbe(probeOptions, time);
        Policy = new CertificatePolicy(time);
    }

    public RunEnvironment Environment { get; }

    public ProbeOptions ProbeOptions { get; }

    /// <summary>
    /// The run's own cancellation (SIGINT/SIGTERM), not the scenario's time bound: the token of cleanup steps that must
    /// still run when the scenario timed out (putting the original certificate back) but not once the run is interrupted.
    /// </summary>
    public CancellationToken RunCancellation { get; init; }

    /// <summary>The run's options (set by the runner), e.g. the size of rotation loads.</summary>
    public RunOptions Options { get; init; } = new();

    public Profile Profile => Environment.Profile;

    public IReadOnlyList<ResolvedEndpoint> Endpoints => Environment.Endpoints;

    public ITarget Target => Environment.Target;

    /// <summary>Certificates the harness issued for this run, or null when the profile brings its own.</summary>
    public RunPki? Pki => Environment.Pki;

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
}
