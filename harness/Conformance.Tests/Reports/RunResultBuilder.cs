using System.Security.Authentication;
using Conformance.Evidence;
using Conformance.Model;

namespace Conformance.Tests.Reports;

/// <summary>Builds <see cref="RunResult"/>s in code, with every evidence kind, for the report tests.</summary>
internal sealed class RunResultBuilder
{
    public const string Script = "<script>alert(1)</script>";
    public const string ImgBreakout = "\"><img src=x onerror=alert(2)>";
    public const string Hostile = Script + " 'single' \"double\" " + ImgBreakout;
    public const string ExternalLocation = "https://evil.example/steal?x=1";

    private readonly List<ScenarioResult> scenarios = [];
    private string? infrastructureError;
    private readonly List<string> assumptions = [];

    public static readonly DateTimeOffset Started = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    public RunResultBuilder Add(string id, string suite, Level level, VerdictKind verdict, string? reason = null, params EvidenceItem[] evidence)
    {
        scenarios.Add(new ScenarioResult(id, suite, level, $"title of {id}", $"requirement of {id}", $"capability.{suite}", verdict, reason, 12.5, evidence));
        return this;
    }

    public RunResultBuilder WithInfrastructureError(string text)
    {
        infrastructureError = text;
        return this;
    }

    public RunResultBuilder Assume(string claim)
    {
        assumptions.Add(claim);
        return this;
    }

    /// <summary>A run touching every suite shape, verdict and evidence kind; hostile text in a SAN, a header and a reason.</summary>
    public static RunResultBuilder Typical() => new RunResultBuilder()
        .Assume("tls.min")
        .Add("PT-01", "plaintext", Level.Must, VerdictKind.Pass, null, Plaintext(), Port())
        .Add("RD-01", "redirect", Level.Must, VerdictKind.Fail, "expected 301, got 302 | to " + ExternalLocation + "\nsecond line " + Hostile, Http())
        .Add("SAN-01", "san", Level.Must, VerdictKind.Pass, null, Handshake(), Policy())
        .Add("SAN-05", "san", Level.Should, VerdictKind.Error, "probe timed out", new NoteEvidence("seed 42 chose /a/b?c=d"), Version())
        .Add("MT-01", "mtls", Level.Must, VerdictKind.NotApplicable, "clientAuth: none", Grpc())
        .Add("LG-02", "logs", Level.May, VerdictKind.Pass, null, StartAttempt(), Action(), LogLines(satisfied: true), LogLines(satisfied: false));

    /// <summary>A run of <paramref name="count"/> realistic scenarios, each with a handshake, an exchange and a policy judgement.</summary>
    public static RunResultBuilder Many(int count)
    {
        var builder = new RunResultBuilder();
        string[] suites = ["plaintext", "redirect", "san", "mtls", "tls-version", "rotation", "logs"];
        for (var i = 0; i < count; i++)
        {
            var suite = suites[i % suites.Length];
            var verdict = (i % 7) switch { 3 => VerdictKind.Fail, 5 => VerdictKind.NotApplicable, 6 => VerdictKind.Error, _ => VerdictKind.Pass };
            builder.Add($"X-{i + 1:00}", suite, (Level)(i % 3), verdict, verdict == VerdictKind.Pass ? null : $"reason {i}", SafeHandshake(), SafeHttp(), Policy());
        }

        return builder;
    }

    public RunResult Build()
    {
        var list = scenarios.ToList();
        return new RunResult
        {
            HarnessVersion = "0.1.0-test",
            Profile = "flux",
            ProfilePath = "fixtures/profiles/flux.yaml",
            Description = "Flux source-controller with built-in TLS",
            Target = "process",
            Seed = 421337,
            StartedUtc = Started,
            DurationMs = 8123.4,
            Verdicts = VerdictCounts.From(list),
            ExitCode = ExitCodes.For(list, Level.Must, infrastructureError is not null),
            FailOn = Level.Must,
            Assumptions = [.. assumptions],
            ByDesignPlaintext = ["metrics :9090"],
            InfrastructureError = infrastructureError,
            Scenarios = list,
        };
    }

    public static CertificateSummary Certificate(string dns, IReadOnlyList<string>? eku) => new(
        Subject: "CN=source-controller",
        Issuer: "CN=conformance root",
        SerialNumber: "01AB",
        NotBefore: Started.AddDays(-1),
        NotAfter: Started.AddDays(30),
        DnsNames: [dns, "source-controller.flux-system.svc"],
        IpAddresses: ["127.0.0.1"],
        ExtendedKeyUsages: eku,
        IsCertificateAuthority: false,
        IsSelfSigned: false,
        KeyAlgorithm: "RSA",
        KeySize: 2048,
        Sha256Fingerprint: "AB:CD:EF:01");

    public static HandshakeEvidence Handshake() => new(
        "https", "127.0.0.1", 9443, "source-controller.flux-system.svc.cluster.local.", SslProtocols.Tls13,
        "TLS_AES_256_GCM_SHA384", "h2", [Certificate(Hostile, ["serverAuth"]), Certificate("root", null)],
        HandshakeOutcome.RefusedInHandshake, TlsAlert.From(2, 70), "alert after ClientHello", 3.2);

    public static HandshakeEvidence SafeHandshake() => Handshake() with { Chain = [Certificate("app.ns.svc", ["serverAuth"]), Certificate("root", null)] };

    public static PlaintextEvidence Plaintext() => new(
        "https", "127.0.0.1", 9443, "GET / HTTP/1.1", PlaintextOutcome.TlsAlert, null, null, null, 7,
        "15030300020246", null, TlsAlert.From(2, 10), 1.5);

    public static HttpExchangeEvidence Http() => new(
        "http", "http", "127.0.0.1", 8080, null, "GET", "/a%20b?q=1", "source-controller", 302, "Found",
        [new HttpHeader("Location", ExternalLocation), new HttpHeader("X-Evil", Hostile)], ExternalLocation, 12,
        "<html><body>moved " + Hostile + "</body></html>", null, 2.25);

    public static HttpExchangeEvidence SafeHttp() => Http() with
    {
        ResponseHeaders = [new HttpHeader("Location", "https://app.ns.svc/a"), new HttpHeader("Content-Length", "0")],
        Location = "https://app.ns.svc/a",
        BodySnippet = null,
    };

    public static PolicyEvidence Policy() => new("https", "source-controller.flux-system.svc", "RFC 6125 hostname", false, ["no SAN matches", "CN ignored"]);

    public static VersionEvidence Version() => new(
        "https", "127.0.0.1", 9443, "localhost", "TLS 1.1", VersionOutcome.Alert, null, null, null, TlsAlert.From(2, 70), "15030300020246", 0.8);

    public static GrpcEvidence Grpc() => new(
        "grpc", "127.0.0.1", 9443, "localhost", "/grpc.health.v1.Health/Check", "CN=conformance client (test CA)",
        HandshakeOutcome.Accepted, "OK (0)", "SERVING", null, "grpc-message: " + Hostile, 5.5);

    public static StartAttemptEvidence StartAttempt() => new(
        "expired certificate", "/usr/bin/reference --cert /tmp/x/tls.crt", false, true, 1,
        ["starting", "error: certificate expired " + Hostile], 210.5);

    public static ActionEvidence Action() => new("swap", "new certificate written (atomic ..data swap)", Started.AddSeconds(3.25), 3250);

    public static LogLinesEvidence LogLines(bool satisfied) => satisfied
        ? new("target output", "(?i)tls.*listening", [new LogLineRecord(Started.AddSeconds(1.5), "stdout", "TLS listening on :9443 " + Hostile), new LogLineRecord(Started.AddSeconds(4.125), "stderr", "reloaded certificate")], "a start line naming TLS", true)
        : new("target output", "(?i)certificate.*rejected", [], "an error line after the bad certificate", false);

    public static PortEvidence Port() => new("http", "127.0.0.1", 8080, false, "connection refused");
}
