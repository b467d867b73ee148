using System.Globalization;
using System.Security.Authentication;
using Conformance.Evidence;

namespace Conformance.Reports;

/// <summary>Renders each evidence kind for people: what was sent, what came back, and the served chain (public data only).</summary>
internal sealed class HtmlEvidenceRenderer(HtmlDom dom, DateTimeOffset runStarted)
{
    public void Render(HtmlElement parent, EvidenceItem item)
    {
        var box = dom.Add(parent, "div", null, "ev");
        switch (item)
        {
            case HandshakeEvidence h: Handshake(box, h); break;
            case PlaintextEvidence p: Plaintext(box, p); break;
            case HttpExchangeEvidence x: Http(box, x); break;
            case PolicyEvidence p: Policy(box, p); break;
            case PortEvidence p: Port(box, p); break;
            case NoteEvidence n: dom.Add(box, "p", n.Text, "nl"); break;
            case VersionEvidence v: Version(box, v); break;
            case GrpcEvidence g: Grpc(box, g); break;
            case StartAttemptEvidence a: StartAttempt(box, a); break;
            case ActionEvidence a: Action(box, a); break;
            case LogLinesEvidence l: LogLines(box, l); break;
            case LoadEvidence l: Load(box, l); break;

            // A kind added later still shows up, in its record form, rather than vanishing from the report.
            default: dom.Add(box, "pre", item.ToString()); break;
        }
    }

    private void Handshake(HtmlElement box, HandshakeEvidence h)
    {
        dom.Add(box, "h5", $"TLS handshake — {h.Endpoint}");
        var dl = dom.Add(box, "dl");
        dom.Field(dl, "Endpoint", $"{h.Host}:{h.Port.ToString(CultureInfo.InvariantCulture)}");
        dom.Field(dl, "SNI", h.ServerName ?? "(none sent)");
        dom.Field(dl, "Protocol", Protocol(h.Protocol));
        dom.Field(dl, "Cipher", h.Cipher);
        dom.Field(dl, "ALPN", h.Alpn);
        dom.Field(dl, "Outcome", ReportText.Enum(h.Outcome));
        dom.Field(dl, "Alert", Alert(h.Alert));
        dom.Field(dl, "Detail", h.Detail, "nl");
        dom.Field(dl, "Elapsed", ReportText.Duration(h.ElapsedMs));
        if (h.Chain.Count > 0)
        {
            Chain(box, h.Chain);
        }
    }

    private void Chain(HtmlElement box, IReadOnlyList<CertificateSummary> chain)
    {
        var tbody = dom.Table(box, "#", "Subject", "DNS SANs", "IP SANs", "Issuer", "Validity (UTC)", "Key", "EKU", "SHA-256 / serial");
        dom.Columns(tbody, "chain", "2em", "11em", string.Empty, "8em", "10em", "9em", "6em", "7em", "13em");
        for (var i = 0; i < chain.Count; i++)
        {
            var c = chain[i];
            var role = c.IsSelfSigned ? " (self-signed)" : c.IsCertificateAuthority ? " (CA)" : string.Empty;
            if (c.IsSelfSigned && c.IsCertificateAuthority)
            {
                role = " (CA, self-signed)";
            }

            var row = dom.Row(
                tbody,
                i.ToString(CultureInfo.InvariantCulture),
                c.Subject + role,
                c.DnsNames.Count == 0 ? "—" : string.Join("\n", c.DnsNames),
                c.IpAddresses.Count == 0 ? "—" : string.Join("\n", c.IpAddresses),
                c.Issuer,
                Validity(c),
                $"{c.KeyAlgorithm} {c.KeySize.ToString(CultureInfo.InvariantCulture)}",
                c.ExtendedKeyUsages switch
                {
                    null => "absent (any purpose)",
                    { Count: 0 } => "present, empty",
                    var ekus => string.Join("\n", ekus),
                });

            // One name per line: a list of SANs is read down, not across.
            var cells = row.Children;
            cells[2].ClassName = "nl";
            cells[3].ClassName = "nl";
            cells[7].ClassName = "nl";
            cells[5].ClassName = c.NotAfter < runStarted || c.NotBefore > runStarted ? "nl no" : "nl";

            var last = dom.Add(row, "td");
            dom.Add(last, "code", c.Sha256Fingerprint);
            dom.Add(last, "br");
            dom.Add(last, "span", "serial " + c.SerialNumber, "muted");
        }
    }

    private string Validity(CertificateSummary c)
    {
        var text = $"{Date(c.NotBefore)} →\n{Date(c.NotAfter)}";
        if (c.NotAfter < runStarted)
        {
            return text + " (expired at run time)";
        }

        return c.NotBefore > runStarted ? text + " (not yet valid at run time)" : text;
    }

    private void Plaintext(HtmlElement box, PlaintextEvidence p)
    {
        dom.Add(box, "h5", $"Plaintext probe — {p.Endpoint}");
        var dl = dom.Add(box, "dl");
        dom.Field(dl, "Endpoint", $"{p.Host}:{p.Port.ToString(CultureInfo.InvariantCulture)}");
        dom.Add(dom.Field(dl, "Request line"), "code", p.RequestLine);
        dom.Field(dl, "Outcome", ReportText.Enum(p.Outcome));
        dom.Field(dl, "Alert", Alert(p.Alert));
        dom.Field(dl, "Status line", p.StatusLine);
        dom.Field(dl, "Location", p.Location);
        dom.Field(dl, "Bytes received", p.BytesReceived.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(p.FirstBytesHex))
        {
            dom.Add(dom.Field(dl, "First bytes (hex)"), "code", p.FirstBytesHex);
        }

        dom.Field(dl, "Elapsed", ReportText.Duration(p.ElapsedMs));
        Snippet(box, p.BodySnippet);
    }

    private void Http(HtmlElement box, HttpExchangeEvidence x)
    {
        dom.Add(box, "h5", $"HTTP exchange — {x.Endpoint}");
        var dl = dom.Add(box, "dl");
        dom.Field(dl, "Endpoint", $"{x.Scheme}://{x.Host}:{x.Port.ToString(CultureInfo.InvariantCulture)}");
        dom.Field(dl, "SNI", x.Scheme == "https" ? x.ServerName ?? "(none sent)" : null);
        dom.Add(dom.Field(dl, "Request"), "code", $"{x.Method} {x.RequestTarget}");
        dom.Field(dl, "Host header", x.HostHeader);
        dom.Field(dl, "Status", x.Status is { } status ? $"{status.ToString(CultureInfo.InvariantCulture)} {x.ReasonPhrase}".TrimEnd() : "(no response)");
        dom.Field(dl, "Location", x.Location);
        dom.Field(dl, "Error", x.Error, "nl");
        dom.Field(dl, "Body bytes", x.BodyBytes.ToString(CultureInfo.InvariantCulture));
        dom.Field(dl, "Elapsed", ReportText.Duration(x.ElapsedMs));
        if (x.ResponseHeaders.Count > 0)
        {
            var tbody = dom.Table(box, "Response header", "Value");
            dom.Columns(tbody, "kv", "14em", string.Empty);
            foreach (var header in x.ResponseHeaders)
            {
                dom.Row(tbody, header.Name, header.Value);
            }
        }

        Snippet(box, x.BodySnippet);
    }

    private void Policy(HtmlElement box, PolicyEvidence p)
    {
        dom.Add(box, "h5", $"Certificate policy — {p.Endpoint}");
        var dl = dom.Add(box, "dl");
        dom.Field(dl, "Subject", p.Subject);
        dom.Field(dl, "Rule", p.Rule);
        dom.Field(dl, "Satisfied", p.Satisfied ? "yes" : "no", p.Satisfied ? "yes" : "no");
        if (p.Findings.Count > 0)
        {
            var ul = dom.Add(dom.Field(dl, "Findings"), "ul");
            foreach (var f in p.Findings)
            {
                dom.Add(ul, "li", f);
            }
        }
    }

    private void Port(HtmlElement box, PortEvidence p)
    {
        dom.Add(box, "h5", $"Port — {p.Endpoint}");
        var dl = dom.Add(box, "dl");
        dom.Field(dl, "Address", $"{p.Host}:{p.Port.ToString(CultureInfo.InvariantCulture)}");
        dom.Field(dl, "Listening", p.Listening ? "yes" : "no");
        dom.Field(dl, "Detail", p.Detail, "nl");
    }

    private void Version(HtmlElement box, VersionEvidence v)
    {
        dom.Add(box, "h5", $"TLS version offer — {v.Endpoint}: {v.Offered}");
        var dl = dom.Add(box, "dl");
        dom.Field(dl, "Endpoint", $"{v.Host}:{v.Port.ToString(CultureInfo.InvariantCulture)}");
        dom.Field(dl, "SNI", v.ServerName ?? "(none sent)");
        dom.Field(dl, "Offered (only)", v.Offered);
        dom.Field(dl, "Outcome", ReportText.Enum(v.Outcome));
        dom.Field(dl, "Selected", v.Selected);
        dom.Field(dl, "Cipher suite", v.CipherSuite);
        dom.Field(dl, "ALPN", v.Alpn);
        dom.Field(dl, "Alert", Alert(v.Alert));
        if (!string.IsNullOrEmpty(v.FirstBytesHex))
        {
            dom.Add(dom.Field(dl, "First bytes (hex)"), "code", v.FirstBytesHex);
        }

        dom.Field(dl, "Elapsed", ReportText.Duration(v.ElapsedMs));
    }

    private void Grpc(HtmlElement box, GrpcEvidence g)
    {
        dom.Add(box, "h5", $"gRPC call — {g.Endpoint}");
        var dl = dom.Add(box, "dl");
        dom.Field(dl, "Endpoint", $"{g.Host}:{g.Port.ToString(CultureInfo.InvariantCulture)}");
        dom.Field(dl, "SNI", g.ServerName ?? "(none sent)");
        dom.Add(dom.Field(dl, "Method"), "code", g.Method);
        dom.Field(dl, "Client certificate", g.ClientCertificate ?? "(none presented)");
        dom.Field(dl, "Outcome", ReportText.Enum(g.Outcome));
        dom.Field(dl, "gRPC status", g.GrpcStatus);
        dom.Field(dl, "Health status", g.HealthStatus);
        dom.Field(dl, "Alert", Alert(g.Alert));
        dom.Field(dl, "Detail", g.Detail, "nl");
        dom.Field(dl, "Elapsed", ReportText.Duration(g.ElapsedMs));
    }

    private void StartAttempt(HtmlElement box, StartAttemptEvidence a)
    {
        dom.Add(box, "h5", $"Start attempt — {a.Variant}");
        var dl = dom.Add(box, "dl");
        dom.Field(dl, "Variant", a.Variant);
        dom.Add(dom.Field(dl, "Command"), "code", a.Command);

        // Refusing to start is what a bad input should cause, so neither answer is coloured as good or bad here:
        // the verdict above says which one the requirement wanted.
        dom.Field(dl, "Became ready", a.BecameReady ? "yes" : "no");
        dom.Field(dl, "Exited", a.Exited ? "yes" : "no (still running when the attempt ended)");
        dom.Field(dl, "Exit code", a.ExitCode?.ToString(CultureInfo.InvariantCulture));
        dom.Field(dl, "Elapsed", ReportText.Duration(a.ElapsedMs));
        dom.Add(box, "div", a.Output.Count == 1 ? "Output (1 line)" : $"Output ({a.Output.Count.ToString(CultureInfo.InvariantCulture)} lines)", "muted");
        dom.Add(box, "pre", a.Output.Count == 0 ? "(no output)" : string.Join("\n", a.Output), "out");
    }

    /// <summary>One row of the scenario's timeline: when (UTC, and since the scenario started), what was done, how.</summary>
    private void Action(HtmlElement box, ActionEvidence a)
    {
        box.AddClass("tl");
        var time = dom.Add(box, "time", Time(a.AtUtc) + " UTC", "tl-at");
        time.SetAttribute("datetime", a.AtUtc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        dom.Add(box, "span", "+" + ReportText.Duration(a.ElapsedMs), "tl-el muted");
        dom.Add(box, "strong", a.Action, "tl-act");
        dom.Add(box, "span", a.Detail, "tl-detail nl");
    }

    private void LogLines(HtmlElement box, LogLinesEvidence l)
    {
        box.AddClass(l.Satisfied ? "log-ok" : "log-missing");
        dom.Add(box, "h5", $"Log lines — {l.Source}");
        var dl = dom.Add(box, "dl");
        dom.Add(dom.Field(dl, "Pattern"), "code", l.Pattern);
        if (l.Step is { } step)
        {
            dom.Field(dl, "Step", step, "nl");
        }

        if (l.ActionUtc is { } action)
        {
            dom.Field(dl, "Action at", Time(action) + " UTC");
        }

        dom.Field(dl, "Expectation", l.Expectation, "nl");
        if (l.Observed is { } observed)
        {
            dom.Field(dl, "Observed", observed, "nl");
        }

        dom.Field(dl, "Satisfied", l.Satisfied ? "yes" : "no — expected lines missing", l.Satisfied ? "yes" : "no");
        dom.Field(dl, "Matched", l.Lines.Count.ToString(CultureInfo.InvariantCulture));
        var pre = dom.Add(box, "pre", null, "log");
        if (l.Lines.Count == 0)
        {
            dom.Add(pre, "span", "(no line matched)", "miss");
            return;
        }

        for (var i = 0; i < l.Lines.Count; i++)
        {
            var line = l.Lines[i];
            dom.Add(pre, "span", Time(line.ArrivedUtc) + " ", "muted");
            if (l.ActionUtc is { } at)
            {
                // Where the line stands against the action: "after the change" is what the log scenarios judge.
                dom.Add(pre, "span", $"({(line.ArrivedUtc - at).TotalMilliseconds.ToString("+0;-0", CultureInfo.InvariantCulture)} ms) ", "muted");
            }

            dom.Add(pre, "span", "[" + line.Stream + "] ", "muted");
            dom.Text(pre, i + 1 < l.Lines.Count ? line.Text + "\n" : line.Text);
        }
    }

    /// <summary>A load run: the figures that decide a rotation verdict, per population, then the timeline chart.</summary>
    private void Load(HtmlElement box, LoadEvidence l)
    {
        var s = l.Summary;
        box.AddClass("load");
        dom.Add(box, "h5", $"Load — {l.Endpoint}");
        dom.Add(box, "p", l.Description, "nl");
        var failed = s.Total - s.Ok;
        var tbody = dom.Table(box, "Total", "Ok", "Failed", "Failures by class", "Longest gap", "Requests/s", "Duration", "Connections");
        dom.Columns(tbody, "load-sum", string.Empty, string.Empty, string.Empty, "16em", "12em", string.Empty, string.Empty, string.Empty);
        var row = dom.Row(
            tbody,
            Count(s.Total),
            Count(s.Ok),
            Count(failed),
            Classes(s.FailuresByClass),
            $"{ReportText.Duration(s.LongestGapMs)} from {ReportText.Duration(s.LongestGapStartMs)}",
            s.RequestsPerSecond.ToString("0.#", CultureInfo.InvariantCulture),
            ReportText.Duration(s.DurationMs),
            Count(s.Connections));
        row.Children[2].ClassName = failed > 0 ? "no" : "yes";
        row.Children[3].ClassName = "nl";

        if (s.Populations.Count > 0)
        {
            var pops = dom.Table(box, "Population", "Total", "Ok", "Failures by class", "First failure", "Last failure");
            dom.Columns(pops, "load-pop", "12em", string.Empty, string.Empty, "16em", string.Empty, string.Empty);
            foreach (var p in s.Populations)
            {
                var r = dom.Row(
                    pops,
                    p.Name,
                    Count(p.Total),
                    Count(p.Ok),
                    Classes(p.FailuresByClass),
                    p.FirstFailureMs is { } first ? "+" + ReportText.Duration(first) : "—",
                    p.LastFailureMs is { } last ? "+" + ReportText.Duration(last) : "—");
                r.Children[3].ClassName = p.Total > p.Ok ? "nl no" : "nl";
            }
        }

        if (l.Generations.Count > 0)
        {
            var gens = dom.Table(box, "Generation", "Leaf served (SHA-256)", "Requests answered");
            dom.Columns(gens, "load-gen", "7em", string.Empty, "10em");
            for (var i = 0; i < l.Generations.Count; i++)
            {
                dom.Row(gens, i.ToString(CultureInfo.InvariantCulture), l.Generations[i], Count(s.PerGeneration.GetValueOrDefault(i)));
            }
        }

        var figure = dom.Add(box, "figure", null, "chart-box");
        figure.Append(HtmlLoadChart.Render(l));
    }

    private static string Classes(IReadOnlyDictionary<string, long> failures) => failures.Count == 0
        ? "none"
        : string.Join("\n", failures.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}: {Count(f.Value)}"));

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private void Snippet(HtmlElement box, string? snippet)
    {
        if (!string.IsNullOrEmpty(snippet))
        {
            dom.Add(box, "div", "Body snippet", "muted");
            dom.Add(box, "pre", snippet);
        }
    }

    /// <summary>"TLS 1.3" for people; results.json keeps the enum name (<c>Tls13</c>).</summary>
    private static string? Protocol(SslProtocols? protocol) => protocol switch
    {
        null => null,
#pragma warning disable CS0618, SYSLIB0039 // Old versions are named because probes offer them on purpose.
        SslProtocols.Ssl2 => "SSL 2.0",
        SslProtocols.Ssl3 => "SSL 3.0",
        SslProtocols.Tls => "TLS 1.0",
        SslProtocols.Tls11 => "TLS 1.1",
#pragma warning restore CS0618, SYSLIB0039
        SslProtocols.Tls12 => "TLS 1.2",
        SslProtocols.Tls13 => "TLS 1.3",
        var other => other.ToString(),
    };

    private static string? Alert(TlsAlert? alert) => alert is null
        ? null
        : $"{alert.Name} ({alert.Code.ToString(CultureInfo.InvariantCulture)}), {(alert.Level == 2 ? "fatal" : alert.Level == 1 ? "warning" : "level " + alert.Level.ToString(CultureInfo.InvariantCulture))}";

    private static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
