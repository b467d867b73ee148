using System.Globalization;
using System.Security.Authentication;
using Bogus;
using Conformance.Evidence;
using Conformance.Model;

namespace Conformance.Reports.Synthetic;

/// <summary>
/// Seeded synthetic runs for measuring the renderers: the same seed gives the same run, field for field (Bogus with a
/// local <see cref="Randomizer"/>, a fixed start time, no clock or culture read).
/// </summary>
public sealed class SyntheticRunBuilder(int seed)
{
    /// <summary>The start time of every synthetic run; all other times are offsets from it.</summary>
    public static readonly DateTimeOffset Started = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    private static readonly string[] Suites = ["plaintext", "redirect", "san", "mtls", "tls-version", "rotation", "secret-validation", "logs", "trust-bundle"];

    // A default run's shape: one entry per scenario of the reference's catalog (suite, id, level, title).
    private static readonly (string Suite, string Id, Level Level, string Title)[] DefaultCatalog =
    [
        ("plaintext", "PT-01", Level.Must, "Refuses plaintext HTTP on the TLS port"),
        ("plaintext", "PT-02", Level.Must, "Closes the former HTTP port"),
        ("plaintext", "PT-03", Level.Should, "Answers plaintext with a TLS alert, not an error page"),
        ("redirect", "RD-01", Level.Must, "Answers exactly 301 with the declared Location"),
        ("redirect", "RD-02", Level.Must, "Keeps path and query in the redirect"),
        ("redirect", "RD-03", Level.Should, "Sends no body with the redirect"),
        ("redirect", "RD-04", Level.Should, "Ignores a forged Host header"),
        ("san", "SAN-01", Level.Must, "Serves a chain valid for every declared name"),
        ("san", "SAN-02", Level.Must, "Does not match names it must not"),
        ("san", "SAN-03", Level.Must, "Serves the intermediate"),
        ("san", "SAN-04", Level.Should, "Uses a key of adequate strength"),
        ("san", "SAN-05", Level.Should, "Has certificate hygiene"),
        ("mtls", "MT-01", Level.Must, "Refuses a connection without a client certificate"),
        ("mtls", "MT-02", Level.Must, "Refuses a client certificate from another CA"),
        ("mtls", "MT-03", Level.Must, "Accepts a valid client certificate over gRPC"),
        ("tls-version", "TV-01", Level.Must, "Enforces the declared minimum TLS version"),
        ("tls-version", "TV-02", Level.Should, "Negotiates TLS 1.3 when offered"),
        ("tls-version", "TV-03", Level.May, "Offers the declared ALPN protocols"),
        ("secret-validation", "SV-01", Level.Must, "Refuses to start with a key that does not match"),
        ("secret-validation", "SV-02", Level.Must, "Refuses to start with an expired certificate"),
        ("secret-validation", "SV-03", Level.Should, "Keeps the old certificate when a bad one is swapped in"),
        ("rotation", "RT-01", Level.Must, "Rotates the leaf with no failed request"),
        ("rotation", "RT-02", Level.Should, "Serves the new certificate within the reload budget"),
        ("logs", "LG-01", Level.Should, "Logs the TLS server start line"),
        ("logs", "LG-02", Level.Must, "Never logs private-key material"),
        ("logs", "LG-03", Level.May, "Logs a rejected handshake"),
    ];

    private readonly Faker _faker = new() { Random = new Randomizer(seed) };

    public int Seed { get; } = seed;

    /// <summary>
    /// <paramref name="count"/> scenarios, each with a handshake and its two-certificate chain, an HTTP exchange and a
    /// policy judgement with findings; about one in five fails or errs.
    /// </summary>
    public RunResult Many(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var scenarios = new List<ScenarioResult>(count);
        for (var i = 0; i < count; i++)
        {
            var suite = Suites[i % Suites.Length];
            var id = $"{suite.ToUpperInvariant()[..2]}-{(i + 1).ToString("00000", CultureInfo.InvariantCulture)}";
            var host = Host();
            var verdict = Verdict();
            var policy = Policy(host, verdict != VerdictKind.Fail);
            scenarios.Add(Scenario(id, suite, _faker.PickRandom<Level>(), _faker.Lorem.Sentence(6), verdict, Handshake(host), Http(host), policy));
        }

        return Run(scenarios);
    }

    /// <summary>A run shaped like the default one: 15–26 scenarios from a real catalog, each with the evidence its probes leave.</summary>
    public RunResult DefaultSized()
    {
        // Every suite keeps its first scenario; the others are dropped at random down to 15–26, catalog order kept.
        var count = _faker.Random.Int(15, DefaultCatalog.Length);
        var firsts = DefaultCatalog.Select((c, i) => (c.Suite, i)).GroupBy(c => c.Suite).Select(g => g.First().i).ToList();
        var others = _faker.Random.Shuffle(Enumerable.Range(0, DefaultCatalog.Length).Except(firsts)).Take(count - firsts.Count);
        var host = Host();
        var scenarios = new List<ScenarioResult>(count);
        foreach (var (suite, id, level, title) in firsts.Concat(others).Order().Select(i => DefaultCatalog[i]))
        {
            var verdict = Verdict();
            EvidenceItem[] evidence = suite switch
            {
                "plaintext" => [Plaintext(host), Port(host)],
                "redirect" => [Http(host) with { Scheme = "http", Port = 8080, Status = 301, ReasonPhrase = "Moved Permanently", BodySnippet = null }],
                "san" => [Handshake(host), Policy(host, verdict != VerdictKind.Fail), new NoteEvidence($"seed {Seed.ToString(CultureInfo.InvariantCulture)} chose {_faker.Internet.DomainWord()}.{host}")],
                "mtls" => [Handshake(host) with { Outcome = HandshakeOutcome.RefusedAfterHandshake, Alert = TlsAlert.From(2, 116) }, Grpc(host)],
                "tls-version" => [Version(host, "TLS 1.0", false), Version(host, "TLS 1.1", false), Version(host, "TLS 1.2", true), Version(host, "TLS 1.3", true)],
                "secret-validation" => [StartAttempt(), Action("swap", 2_000), LogLines(verdict != VerdictKind.Fail, 2_000), Action("restore", 12_000)],
                "rotation" => [Action("swap", 5_000), LogLines(true, 5_000), Handshake(host), Http(host), Action("restore", 40_000)],
                _ => [LogLines(verdict != VerdictKind.Fail, 500)],
            };
            scenarios.Add(Scenario(id, suite, level, title, verdict, evidence));
        }

        return Run(scenarios);
    }

    private VerdictKind Verdict() => _faker.Random.WeightedRandom(
        [VerdictKind.Pass, VerdictKind.Fail, VerdictKind.NotApplicable, VerdictKind.Error], [0.75f, 0.12f, 0.08f, 0.05f]);

    private string Host() => $"{_faker.Internet.DomainWord()}.{_faker.Internet.DomainWord()}.svc";

    private ScenarioResult Scenario(string id, string suite, Level level, string title, VerdictKind verdict, params EvidenceItem[] evidence)
    {
        var reason = verdict switch
        {
            VerdictKind.Pass => null,
            VerdictKind.NotApplicable => "the profile declares no such capability",
            VerdictKind.Error => $"probe timed out after {_faker.Random.Int(2, 30).ToString(CultureInfo.InvariantCulture)} s",
            _ => _faker.Lorem.Sentence(10),
        };
        return new ScenarioResult(
            id, suite, level, title, $"The implementation {title.ToLowerInvariant()}. {_faker.Lorem.Sentence(12)}", $"{suite}.{id.ToLowerInvariant()}",
            verdict, reason, Math.Round(_faker.Random.Double(1, 900), 1), evidence);
    }

    private RunResult Run(List<ScenarioResult> scenarios) => new()
    {
        HarnessVersion = "0.1.0-synthetic",
        Profile = "synthetic",
        Description = $"Synthetic run (Bogus seed {Seed.ToString(CultureInfo.InvariantCulture)})",
        Target = "process",
        Seed = Seed,
        StartedUtc = Started,
        DurationMs = Math.Round(scenarios.Sum(s => s.DurationMs), 1),
        Verdicts = VerdictCounts.From(scenarios),
        ExitCode = ExitCodes.For(scenarios, Level.Must, infrastructureError: false),
        FailOn = Level.Must,
        Assumptions = ["TLS 1.2 and 1.3 (not stated by the implementation)"],
        ByDesignPlaintext = ["metrics :8080/metrics"],
        Scenarios = scenarios,
    };

    private CertificateSummary Certificate(string subject, string issuer, IReadOnlyList<string> dns, bool ca) => new(
        subject,
        issuer,
        _faker.Random.Hexadecimal(16, string.Empty).ToUpperInvariant(),
        Started.AddDays(-_faker.Random.Int(1, 60)),
        Started.AddDays(_faker.Random.Int(30, ca ? 3650 : 397)),
        dns,
        ca ? [] : ["127.0.0.1"],
        ca ? null : ["serverAuth"],
        ca,
        IsSelfSigned: false,
        ca ? "ECDSA P-256" : "RSA",
        ca ? 256 : 2048,
        string.Join(':', _faker.Random.Bytes(32).Select(b => b.ToString("X2", CultureInfo.InvariantCulture))));

    private HandshakeEvidence Handshake(string host)
    {
        var intermediate = Certificate($"CN={_faker.Company.CompanyName()} Issuing CA", "CN=Conformance Root CA", [], ca: true);
        var leaf = Certificate($"CN={host}", intermediate.Subject, [host, $"{host}.cluster.local", $"*.{host}"], ca: false);
        return new HandshakeEvidence(
            "https", "127.0.0.1", 9443, host, SslProtocols.Tls13, "TLS_AES_256_GCM_SHA384", "h2", [leaf, intermediate],
            HandshakeOutcome.Accepted, null, null, Math.Round(_faker.Random.Double(0.5, 20), 2));
    }

    private HttpExchangeEvidence Http(string host)
    {
        var path = "/" + string.Join('/', _faker.Lorem.Words(3));
        var body = $"{{\"status\":\"{_faker.Hacker.Verb()}\",\"id\":\"{_faker.Random.Guid()}\"}}";
        return new HttpExchangeEvidence(
            "https", "https", "127.0.0.1", 9443, host, "GET", path, host, 200, "OK",
            [
                new HttpHeader("Content-Type", "application/json"),
                new HttpHeader("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)),
                new HttpHeader("Date", Started.AddSeconds(_faker.Random.Int(0, 600)).ToString("R", CultureInfo.InvariantCulture)),
                new HttpHeader("Server", $"{_faker.Hacker.Noun()}/{_faker.System.Semver()}"),
                new HttpHeader("Strict-Transport-Security", "max-age=31536000"),
            ],
            null, body.Length, body, null, Math.Round(_faker.Random.Double(0.5, 40), 2));
    }

    private PolicyEvidence Policy(string host, bool satisfied) => new(
        "https", host, "RFC 6125 hostname match", satisfied,
        satisfied
            ? [$"DNS SAN {host} matches", "chain verifies to the declared trust anchor"]
            : [$"no DNS SAN matches {host}", "CN ignored: SANs present", $"wildcard *.{_faker.Internet.DomainWord()} does not cover it"]);

    private PlaintextEvidence Plaintext(string host) => new(
        "https", "127.0.0.1", 9443, $"GET / HTTP/1.1 (Host: {host})", PlaintextOutcome.TlsAlert, null, null, null, 7, "15030300020232", null, TlsAlert.From(2, 50), 0.6);

    private PortEvidence Port(string host) => new("http", "127.0.0.1", 8080, false, $"connection refused ({host} closed its plaintext port)");

    private VersionEvidence Version(string host, string offered, bool accepted) => accepted
        ? new("https", "127.0.0.1", 9443, host, offered, VersionOutcome.Accepted, offered, "TLS_AES_128_GCM_SHA256", null, null, null, 1.2)
        : new("https", "127.0.0.1", 9443, host, offered, VersionOutcome.Alert, null, null, null, TlsAlert.From(2, 70), "15030300020246", 0.7);

    private GrpcEvidence Grpc(string host) => new(
        "grpc", "127.0.0.1", 9443, host, "/grpc.health.v1.Health/Check", $"CN={_faker.Internet.UserName()} (client, test CA)",
        HandshakeOutcome.Accepted, "OK (0)", "SERVING", null, null, Math.Round(_faker.Random.Double(2, 30), 2));

    private StartAttemptEvidence StartAttempt() => new(
        "key does not match the certificate", "/opt/impl/bin/server --cert /tmp/run/tls.crt --key /tmp/run/tls.key", false, true, 1,
        [.. Enumerable.Range(0, 6).Select(_ => $"level=info msg=\"{_faker.Hacker.Phrase()}\""), "level=fatal msg=\"tls: private key does not match public key\""],
        Math.Round(_faker.Random.Double(50, 900), 1));

    private ActionEvidence Action(string action, double atMs) =>
        new(action, action == "swap" ? "new certificate written into the live folder (atomic ..data swap)" : "original certificate and key swapped back", Started.AddMilliseconds(atMs), atMs);

    private LogLinesEvidence LogLines(bool satisfied, double afterMs) => new(
        "target output", "(?i)(reload|certificate|tls)",
        satisfied
            ? [.. Enumerable.Range(1, 3).Select(i => new LogLineRecord(Started.AddMilliseconds(afterMs + (i * _faker.Random.Int(5, 200))), i % 2 == 0 ? "stderr" : "stdout", $"level=info msg=\"reloaded certificate\" serial={_faker.Random.Hexadecimal(8, string.Empty)} {_faker.Hacker.Phrase()}"))]
            : [],
        "a line naming the certificate within 5 s", satisfied);
}
