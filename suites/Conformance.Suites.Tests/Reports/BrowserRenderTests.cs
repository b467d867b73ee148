using System.Security.Authentication;
using AngleSharp.Html.Parser;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Reports;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Reports;

/// <summary>
/// report.html in a real browser: Debian's headless Chromium must lay the page out and draw it, with hostile server
/// text rendered as text. The screenshot is attached to the test result (and kept as docs/report.png on request).
/// </summary>
public sealed class BrowserRenderTests : IDisposable
{
    private const int Width = 1280;
    private const int Height = 2000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    // Strings a hostile or broken implementation could put into headers, SANs, log lines and bodies.
    private const string Script = "<script>document.title='pwned';document.body.innerHTML=''</script>";
    private const string Breakout = "\"><img src=x onerror=alert(1)>";
    private const string StyleBreakout = "</style><style>body{display:none}</style>";
    private const string Unbroken = "a-very-long-label-without-any-break-";

    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-browser-");

    public void Dispose() => _dir.Dispose();

    private static Chromium RequireChromium() =>
        Chromium.Find() ?? throw SkipException("chromium is not installed (apt-get install chromium)");

    private static Exception SkipException(string reason)
    {
        Assert.Skip(reason);
        return new InvalidOperationException("unreachable");
    }

    [Fact]
    public async Task Chromium_draws_the_report_with_every_evidence_kind_and_hostile_text_stays_text()
    {
        var chromium = RequireChromium();
        var ct = TestContext.Current.CancellationToken;
        var run = SyntheticRun();
        var html = _dir.File(ReportSet.Html);
        await File.WriteAllTextAsync(html, HtmlReport.Render(run), ct);
        TestContext.Current.AddAttachment(ReportSet.Html, await File.ReadAllBytesAsync(html, ct), "text/html");

        // The DOM after Chromium parsed and laid out the page: every section there, nothing injected.
        var dump = await chromium.DumpDomAsync(html, Timeout, ct);
        Assert.True(dump.ExitCode == 0, $"chromium --dump-dom exited {dump.ExitCode}: {dump.StandardError}");
        var dom = new HtmlParser().ParseDocument(dump.StandardOutput);
        Assert.StartsWith("Conformance: ", dom.Title, StringComparison.Ordinal);
        foreach (var s in run.Scenarios)
        {
            var section = dom.GetElementById(s.Id);
            Assert.True(section is { LocalName: "section" }, $"no section for {s.Id} in the rendered DOM");
        }

        // Only the filter script, and it ran: the CSP admitted it by its hash, so its buttons are in the drawn DOM.
        Assert.Equal([HtmlFilterScript.Text], dom.QuerySelectorAll("script").Select(e => e.TextContent));
        var buttons = dom.QuerySelectorAll(".filters button").Select(b => b.TextContent).ToList();
        Assert.Equal(["All", "Failures and errors", .. run.Scenarios.Select(s => s.Suite).Distinct()], buttons);
        Assert.Equal("true", dom.QuerySelector(".filters button")!.GetAttribute("aria-pressed"));
        Assert.Contains($"{run.Scenarios.Count} of {run.Scenarios.Count} scenarios shown", dom.QuerySelector(".filters")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(dom.QuerySelectorAll("section.off"));
        Assert.Empty(dom.QuerySelectorAll("img, iframe, object, embed, link"));
        Assert.Single(dom.QuerySelectorAll("style"));
        Assert.DoesNotContain(dom.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        var text = dom.Body!.TextContent;
        Assert.Contains(Script, text, StringComparison.Ordinal);
        Assert.Contains(Breakout, text, StringComparison.Ordinal);
        Assert.Contains(StyleBreakout, text, StringComparison.Ordinal);

        // The load chart: inline SVG Chromium kept as SVG, bars and markers drawn, the hostile marker label as text.
        var chart = Assert.Single(dom.QuerySelectorAll("svg.chart"));
        Assert.Equal("img", chart.GetAttribute("role"));
        Assert.Equal(600, chart.QuerySelectorAll("rect.c-ok").Length);
        Assert.NotEmpty(chart.QuerySelectorAll("rect.c-fail"));
        Assert.Equal(3, chart.QuerySelectorAll("g.c-marker line").Length);
        Assert.Contains(chart.QuerySelectorAll("g.c-marker text"), t => t.TextContent.StartsWith("<script>", StringComparison.Ordinal));

        // The screenshot: a real PNG of the requested size with the page drawn on it.
        var png = _dir.File("report.png");
        var shot = await chromium.ScreenshotAsync(html, png, Width, Height, Timeout, ct);
        Assert.True(File.Exists(png), $"chromium --screenshot wrote no file (exit {shot.ExitCode}): {shot.StandardError}");
        var bytes = await File.ReadAllBytesAsync(png, ct);
        TestContext.Current.AddAttachment("report.png", bytes, "image/png");
        Assert.True(PngImage.HasSignature(bytes), "the screenshot is not a PNG");
        var image = PngImage.Decode(bytes);
        Assert.Equal((Width, Height), (image.Width, image.Height));
        Assert.Empty(DrawingProblems(image));
    }

    [Fact]
    public async Task Chromium_runs_the_filter_script_which_hides_sections_by_class()
    {
        var chromium = RequireChromium();
        var ct = TestContext.Current.CancellationToken;
        var run = SyntheticRun();
        var html = _dir.File(ReportSet.Html);
        await File.WriteAllTextAsync(html, HtmlReport.Render(run), ct);
        var bad = run.Scenarios.Where(s => s.Verdict is VerdictKind.Fail or VerdictKind.Error).Select(s => s.Id).ToList();

        // Failures and errors only, failures first: the script ran (the CSP admitted it) and hid the others by class.
        var failures = await DumpAsync(chromium, html, "?filter=failures&first=1", ct);
        Assert.Equal(bad, failures.QuerySelectorAll("section:not(.off)").Select(s => s.Id));
        Assert.Equal(run.Scenarios.Count, failures.QuerySelectorAll("section").Length);
        Assert.Contains("ff", failures.GetElementById(HtmlReport.ScenarioListId)!.ClassList);
        Assert.Equal("true", failures.QuerySelector("button[data-filter=failures]")!.GetAttribute("aria-pressed"));
        Assert.Contains($"{bad.Count} of {run.Scenarios.Count} scenarios shown", failures.QuerySelector(".filters")!.TextContent, StringComparison.Ordinal);

        // One suite.
        var suite = await DumpAsync(chromium, html, "?filter=suite%3Asecret-validation", ct);
        Assert.Equal(["SV-01", "SV-03"], suite.QuerySelectorAll("section:not(.off)").Select(s => s.Id));

        // No filter asked: everything shown. (JavaScript off cannot be dumped — --dump-dom needs script — so the
        // static page's completeness is checked on the HTML itself, in HtmlReportTests.)
        var all = await DumpAsync(chromium, html, string.Empty, ct);
        Assert.Empty(all.QuerySelectorAll("section.off"));
        Assert.DoesNotContain("ff", all.GetElementById(HtmlReport.ScenarioListId)!.ClassList);
    }

    private static async Task<AngleSharp.Dom.IDocument> DumpAsync(Chromium chromium, string html, string query, CancellationToken ct)
    {
        var dump = await chromium.DumpDomAsync(html, query, Timeout, ct);
        Assert.True(dump.ExitCode == 0, $"chromium --dump-dom exited {dump.ExitCode}: {dump.StandardError}");
        return new HtmlParser().ParseDocument(dump.StandardOutput);
    }

    /// <summary>The README's screenshot is this one: the default run's real report, drawn by Chromium.</summary>
    [Fact]
    public async Task Chromium_draws_the_default_runs_report()
    {
        var chromium = RequireChromium();
        var ct = TestContext.Current.CancellationToken;
        var run = await ProfileRuns.RunAsync(Path.GetFileName(Conformance.Cli.Console.FixturePaths.DefaultProfile), ct);
        var folder = _dir.File("default-run");
        await ReportSet.WriteAsync(run, folder, ct);
        var html = Path.Combine(folder, ReportSet.Html);

        // Issue 7's size target for the default run's report.
        var size = new FileInfo(html).Length;
        TestContext.Current.TestOutputHelper?.WriteLine($"default run: {run.Scenarios.Count} scenarios, report.html {size} bytes");
        Assert.InRange(size, 1, 1_500_000);

        var png = _dir.File("default-report.png");
        var shot = await chromium.ScreenshotAsync(html, png, Width, 1400, Timeout, ct);
        Assert.True(File.Exists(png), $"chromium --screenshot wrote no file (exit {shot.ExitCode}): {shot.StandardError}");
        var bytes = await File.ReadAllBytesAsync(png, ct);
        TestContext.Current.AddAttachment("default-report.png", bytes, "image/png");
        var image = PngImage.Decode(bytes);
        Assert.Equal((Width, 1400), (image.Width, image.Height));

        // The default run passes every scenario: no fail, error or not-applicable badges, so only the colours it does
        // show are required.
        var problems = DrawingProblems(image).Where(p => !p.StartsWith("fail red", StringComparison.Ordinal) && !p.StartsWith("error amber", StringComparison.Ordinal) && !p.StartsWith("n/a grey", StringComparison.Ordinal)).ToList();
        Assert.Empty(problems);

        if (Environment.GetEnvironmentVariable("CONFORMANCE_UPDATE_SCREENSHOT") == "1")
        {
            var docs = Path.Combine(RepoPaths.Root, "docs");
            Directory.CreateDirectory(docs);
            File.Copy(png, Path.Combine(docs, "report.png"), overwrite: true);
        }
    }

    [Fact]
    public async Task The_drawing_check_fails_for_a_blank_page()
    {
        var chromium = RequireChromium();
        var ct = TestContext.Current.CancellationToken;
        var html = _dir.File("blank.html");
        await File.WriteAllTextAsync(html, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>blank</title></head><body></body></html>", ct);
        var png = _dir.File("blank.png");

        await chromium.ScreenshotAsync(html, png, Width, Height, Timeout, ct);

        var image = PngImage.Decode(await File.ReadAllBytesAsync(png, ct));
        Assert.Equal((Width, Height), (image.Width, image.Height));
        Assert.NotEmpty(DrawingProblems(image));
    }

    /// <summary>
    /// Why a screenshot does not look like a drawn report, or nothing. A blank page is one colour; a report has text
    /// over much of the page (antialiasing gives many shades) and the verdict colours in its badges and borders.
    /// </summary>
    private static List<string> DrawingProblems(PngImage image)
    {
        var problems = new List<string>();
        var histogram = image.Histogram();
        var total = image.Width * image.Height;
        var background = histogram.Values.Max();
        var drawn = 1.0 - ((double)background / total);
        if (drawn < 0.03)
        {
            problems.Add($"only {drawn:P1} of the pixels differ from the background colour");
        }

        if (histogram.Count < 64)
        {
            problems.Add($"only {histogram.Count} distinct colours (text is antialiased into many)");
        }

        // The verdict colours of HtmlStyles: pass green, fail red, error amber, not-applicable grey.
        foreach (var (name, rgb) in new[] { ("pass green", 0x1a7f37), ("fail red", 0xcf222e), ("error amber", 0x9a6700), ("n/a grey", 0x6e7781) })
        {
            var count = histogram.Where(kv => Near(kv.Key, rgb)).Sum(kv => kv.Value);
            if (count < 200)
            {
                problems.Add($"{name} (#{rgb:x6}) covers only {count} pixels");
            }
        }

        // Text across the page, not just a header: most 100-pixel bands of the left half hold something.
        var bands = 0;
        var inked = 0;
        for (var top = 0; top + 100 <= image.Height; top += 100, bands++)
        {
            var first = image[0, top];
            var ink = false;
            for (var y = top; y < top + 100 && !ink; y += 2)
            {
                for (var x = 0; x < image.Width / 2 && !ink; x += 2)
                {
                    ink = image[x, y] != first;
                }
            }

            inked += ink ? 1 : 0;
        }

        if (inked < bands * 3 / 4)
        {
            problems.Add($"only {inked} of {bands} horizontal bands hold anything");
        }

        return problems;
    }

    private static bool Near(int a, int b)
    {
        static int Channel(int rgb, int shift) => (rgb >> shift) & 0xFF;
        return Math.Abs(Channel(a, 16) - Channel(b, 16)) <= 10 && Math.Abs(Channel(a, 8) - Channel(b, 8)) <= 10 && Math.Abs(Channel(a, 0) - Channel(b, 0)) <= 10;
    }

    /// <summary>A run with every suite, level, verdict and evidence kind, and hostile text wherever the implementation speaks.</summary>
    internal static RunResult SyntheticRun()
    {
        var started = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        CertificateSummary Cert(string subject, string issuer, string[] dns, string[] ip, string[]? eku, bool ca, bool self, int days) => new(
            subject, issuer, "3F9A0C21", started.AddDays(-1), started.AddDays(days), dns, ip, eku, ca, self, ca ? "ECDSA" : "RSA", ca ? 256 : 2048,
            "5D:1A:9C:77:E0:42:B1:08:3C:AF:61:D2:90:11:4E:7B:C8:05:FA:33:96:2B:D7:40:18:6E:A5:0F:C2:89:71:DE");
        var leaf = Cert("CN=source-controller", "CN=Conformance test CA", ["source-controller.flux-system.svc", "*.default", Script, string.Concat(Enumerable.Repeat(Unbroken, 8))], ["127.0.0.1", "::1"], ["serverAuth"], false, false, 90);
        var root = Cert("CN=Conformance test CA", "CN=Conformance test CA", [], [], null, true, true, 3650);
        var expired = Cert("CN=expired.example", "CN=Conformance test CA", ["expired.example"], [], ["serverAuth", "clientAuth"], false, false, -2);
        var handshake = new HandshakeEvidence("https", "127.0.0.1", 9443, "source-controller.flux-system.svc.cluster.local.", SslProtocols.Tls13, "TLS_AES_256_GCM_SHA384", "h2", [leaf, root], HandshakeOutcome.Accepted, null, null, 4.2);
        var refused = new HandshakeEvidence("https", "127.0.0.1", 9443, "localhost", SslProtocols.Tls12, null, null, [], HandshakeOutcome.RefusedInHandshake, TlsAlert.From(2, 70), "server answered the TLS 1.2 ClientHello with alert 70", 1.1);
        var afterHandshake = new HandshakeEvidence("mtls", "127.0.0.1", 7777, "direktiv-flow-hl", SslProtocols.Tls13, "TLS_AES_128_GCM_SHA256", null, [expired, root], HandshakeOutcome.RefusedAfterHandshake, TlsAlert.From(2, 116), "alert after the first write " + Breakout, 6.7);
        var plaintext = new PlaintextEvidence("https", "127.0.0.1", 8080, "GET / HTTP/1.1", PlaintextOutcome.HttpErrorPage, 400, "HTTP/1.1 400 Bad Request", null, 248, "485454502f312e3120343030", "<html><head><title>400 The plain HTTP request was sent to HTTPS port</title></head>" + StyleBreakout + "</html>", null, 0.9);
        var alert = new PlaintextEvidence("https", "127.0.0.1", 8443, "GET / HTTP/1.1", PlaintextOutcome.TlsAlert, null, null, null, 7, "15030300020246", null, TlsAlert.From(2, 10), 0.4);
        var redirect = new HttpExchangeEvidence(
            "http", "http", "127.0.0.1", 8080, null, "GET", "/a%20b/c?q=1&r=%2F", "evil.example", 302, "Found",
            [new HttpHeader("Location", "https://evil.example/a%20b/c?q=1&r=%2F"), new HttpHeader("Server", Script), new HttpHeader("X-Quote", Breakout), new HttpHeader("X-Long", string.Concat(Enumerable.Repeat(Unbroken, 10)))],
            "https://evil.example/a%20b/c?q=1&r=%2F", 154, "<a href=\"javascript:alert(1)\">Found</a>" + Script, null, 2.3);
        var served = new HttpExchangeEvidence("https", "https", "127.0.0.1", 9443, "localhost", "POST", "/api/v1/pipelines", "localhost", 200, "OK", [new HttpHeader("Content-Type", "application/json")], null, 17, "{\"status\":\"ok\"}", null, 3.9);
        var failed = new HttpExchangeEvidence("https", "https", "127.0.0.1", 9443, "localhost", "GET", "/", "localhost", null, null, [], null, 0, null, "connection reset by peer\nafter 0 bytes", 12.0);
        var policy = new PolicyEvidence("https", "app.ns.svc.cluster.local", "RFC 6125 hostname match (the harness certificate policy)", false, ["no DNS SAN matches app.ns.svc.cluster.local", "CN ignored: SANs present", Breakout]);
        var policyOk = new PolicyEvidence("https", "127.0.0.1", "IP address matches an iPAddress SAN", true, ["127.0.0.1 is an iPAddress SAN"]);
        var port = new PortEvidence("http", "127.0.0.1", 8080, false, "connection refused (nothing listens)");
        var open = new PortEvidence("http-old", "127.0.0.1", 8081, true, "accepted a TCP connection");
        var tls10 = new VersionEvidence("https", "127.0.0.1", 9443, "localhost", "TLS 1.0", VersionOutcome.Alert, null, null, null, TlsAlert.From(2, 70), "15030100020246", 0.7);
        var tls12 = new VersionEvidence("https", "127.0.0.1", 9443, "localhost", "TLS 1.2", VersionOutcome.Accepted, "TLS 1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "h2", null, null, 1.3);
        var grpc = new GrpcEvidence("grpc", "127.0.0.1", 9443, "direktiv-flow-hl", "/grpc.health.v1.Health/Check", null, HandshakeOutcome.RefusedAfterHandshake, null, null, TlsAlert.From(2, 116), "no client certificate presented " + Breakout, 8.1);
        var grpcOk = new GrpcEvidence("grpc", "127.0.0.1", 9443, "direktiv-flow-hl", "/grpc.health.v1.Health/Check", "CN=conformance client, issued by CN=Conformance test CA", HandshakeOutcome.Accepted, "OK (0)", "SERVING", null, null, 9.4);
        var start = new StartAttemptEvidence(
            "key does not match the certificate", "/opt/reference/bin/reference --cert /tmp/run/tls.crt --key /tmp/run/tls.key", BecameReady: false, Exited: true, ExitCode: 1,
            ["reference 0.1.0 starting", "loading certificate /tmp/run/tls.crt", "fatal: private key does not match certificate " + Script, string.Concat(Enumerable.Repeat(Unbroken, 6))], 412.6);
        var swap = new ActionEvidence("swap", "new leaf written into the live folder (atomic ..data swap)", started.AddSeconds(12.345), 12_345);
        var restore = new ActionEvidence("restore", "original certificate and key swapped back", started.AddSeconds(31.5), 31_500);
        var reloaded = new LogLinesEvidence(
            "target output", "(?i)reload(ed)? certificate",
            [new LogLineRecord(started.AddSeconds(12.410), "stdout", "level=info msg=\"reloaded certificate\" serial=3F9A0C22"), new LogLineRecord(started.AddSeconds(12.412), "stderr", "warn: " + Script)],
            "a reload line within 5 s of the swap", true);
        var missingLog = new LogLinesEvidence("target output", "(?i)certificate.*(rejected|invalid)", [], "an error line after the bad certificate", false);
        // A 30 s leaf swap under load: steady successes, a burst of refused handshakes after the swap, then the new leaf.
        var timeline = Enumerable.Range(0, 3_000).Select(i => new TimelineBucket(i, 8 + (i % 7), i is >= 1_240 and < 1_300 ? 2 + (i % 3) : 0)).ToList();
        long loadOk = timeline.Sum(b => (long)b.Ok), loadFailed = timeline.Sum(b => (long)b.Failed);
        var loadFailures = new Dictionary<string, long> { ["tls-handshake"] = loadFailed };
        var load = new LoadEvidence(
            "https", "leaf swap: " + Script,
            new LoadSummary(
                loadOk + loadFailed, loadOk, loadFailures, 610, 12_400, new Dictionary<int, long> { [0] = loadOk / 2, [1] = loadOk / 2 },
                [new PopulationSummary("old-trust", (loadOk + loadFailed) / 2, loadOk / 2, loadFailures, 12_400, 12_990), new PopulationSummary("new-trust", loadOk / 2, loadOk / 2, new Dictionary<string, long>(), null, null)],
                timeline, 30_000, (loadOk + loadFailed) / 30.0, 8),
            [new TimelineMarker("swap", 12_345), new TimelineMarker("certificate 7F:3A:9C first served", 13_020), new TimelineMarker(Script, 25_000)],
            ["5D:1A:9C:77:E0:42:B1:08", "7F:3A:9C:11:02:D4:E5:F6"]);
        var note = new NoteEvidence("seed 20261123 chose paths /x%2Fy, /ä?b=c\nlog line: {\"severity\":\"INFO\",\"message\":\"" + Script + "\"}");

        ScenarioResult S(string id, string suite, Level level, VerdictKind verdict, string title, string? reason, params EvidenceItem[] evidence) =>
            new(id, suite, level, title, $"The implementation {title.ToLowerInvariant()}.", $"{suite}.{id.ToLowerInvariant()}", verdict, reason, 10 + id.Length, evidence);

        ScenarioResult[] scenarios =
        [
            S("PT-01", "plaintext", Level.Must, VerdictKind.Pass, "Refuses plaintext HTTP on the TLS port", null, plaintext, alert),
            S("PT-02", "plaintext", Level.Must, VerdictKind.Fail, "Closes the former HTTP port", "port 8081 still accepts connections " + Breakout, open, port),
            S("RD-01", "redirect", Level.Must, VerdictKind.Fail, "Answers exactly 301 with the declared Location", "expected 301 to https://localhost:9443/a%20b/c?q=1&r=%2F, got 302 to https://evil.example/…\nServer said: " + Script, redirect),
            S("RD-04", "redirect", Level.Should, VerdictKind.Error, "Ignores a forged Host header", "probe timed out after 5 s", failed),
            S("SAN-01", "san", Level.Must, VerdictKind.Pass, "Serves a chain valid for every declared name", null, handshake, policyOk),
            S("SAN-02", "san", Level.Must, VerdictKind.Fail, "Does not match names it must not", "a look-alike name matched", handshake, policy),
            S("SAN-05", "san", Level.Should, VerdictKind.Pass, "Has certificate hygiene", null, handshake),
            S("MT-01", "mtls", Level.Must, VerdictKind.Pass, "Refuses a connection without a client certificate", null, afterHandshake, grpc, grpcOk),
            S("MT-05", "mtls", Level.Must, VerdictKind.NotApplicable, "Serves a valid client certificate", "clientAuth: none on every endpoint"),
            S("TV-01", "tls-version", Level.Must, VerdictKind.Pass, "Enforces the declared minimum TLS version", null, refused, tls10, tls12),
            S("TV-03", "tls-version", Level.May, VerdictKind.NotApplicable, "Offers the declared ALPN protocols", "no ALPN declared"),
            S("RT-01", "rotation", Level.Must, VerdictKind.Pass, "Rotates the leaf with no failed request", null, note, swap, reloaded, served, restore, load),
            S("SV-01", "secret-validation", Level.Must, VerdictKind.Pass, "Refuses to start with a key that does not match", null, start),
            S("SV-03", "secret-validation", Level.Should, VerdictKind.Fail, "Logs an error for a bad certificate at runtime", "no error line within 10 s of the swap", swap, missingLog, restore),
            S("RT-04", "rotation", Level.Should, VerdictKind.Fail, "Serves the new certificate within the reload budget", "reload took 74.2 s, budget 60 s", note),
            S("LG-02", "logs", Level.Should, VerdictKind.Pass, "Logs the TLS server start line", null, note),
            S("LG-04", "logs", Level.Must, VerdictKind.Pass, "Never logs private-key material", null),
            S("TB-02", "trust-bundle", Level.May, VerdictKind.Error, "Skips an invalid PEM entry as declared", "ConfigMap watch did not settle within 30 s"),
        ];
        return new RunResult
        {
            HarnessVersion = "0.1.0-browser-test",
            Profile = "flux",
            ProfilePath = "fixtures/profiles/flux.yaml",
            Description = "Flux source-controller with built-in TLS " + Script,
            Target = "process",
            Seed = 20261123,
            StartedUtc = started,
            DurationMs = 48_213.7,
            Verdicts = VerdictCounts.From(scenarios),
            ExitCode = ExitCodes.For(scenarios, Level.Must, infrastructureError: false),
            FailOn = Level.Must,
            Assumptions = ["TLS 1.2 and 1.3 (not stated by Flux)", "no hot reload: rotation = restart"],
            ByDesignPlaintext = ["metrics :8080/metrics", "healthz :9440"],
            Scenarios = scenarios,
        };
    }
}
