using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Conformance.Model;
using Conformance.Reports;

namespace Conformance.Tests.Reports;

public sealed partial class HtmlReportTests
{
    private static IDocument Parse(RunResult result) => new HtmlParser().ParseDocument(HtmlReport.Render(result));

    [Fact]
    public void Every_scenario_has_a_section_with_its_verdict_and_the_matrix_links_to_it()
    {
        var result = RunResultBuilder.Typical().Build();
        var doc = Parse(result);

        foreach (var s in result.Scenarios)
        {
            var section = doc.GetElementById(s.Id);
            Assert.NotNull(section);
            Assert.Equal("section", section.LocalName);
            Assert.Contains(ReportTextFor(s.Verdict), section.QuerySelector("h3 .v")!.TextContent, StringComparison.Ordinal);
            Assert.Contains(s.Requirement, section.TextContent, StringComparison.Ordinal);
        }

        var matrix = doc.QuerySelectorAll("table").First();
        Assert.Equal(["Suite", "MUST", "SHOULD", "MAY"], matrix.QuerySelectorAll("thead th").Select(t => t.TextContent));
        Assert.Equal(result.Scenarios.Select(s => "#" + s.Id).Order(), matrix.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).Order());
        var sanRow = matrix.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "san");
        Assert.Equal("SAN-05", sanRow.QuerySelectorAll("td")[1].TextContent);
        Assert.Contains("error", sanRow.QuerySelectorAll("td")[1].QuerySelector("a")!.ClassList);
    }

    [Fact]
    public void Header_carries_result_exit_code_seed_counts_and_assumptions()
    {
        var doc = Parse(RunResultBuilder.Typical().WithInfrastructureError("cluster unreachable <b>x</b>").Build());
        var header = doc.QuerySelector("header")!.TextContent;

        Assert.Contains("NOT CONFORMANT — exit code 1", header, StringComparison.Ordinal);
        Assert.Contains("421337", header, StringComparison.Ordinal);
        Assert.Contains("process", header, StringComparison.Ordinal);
        Assert.Contains("0.1.0-test", header, StringComparison.Ordinal);
        Assert.Contains("2025-03-04 05:06:07 UTC", header, StringComparison.Ordinal);
        Assert.Contains("cluster unreachable <b>x</b>", header, StringComparison.Ordinal);
        Assert.Equal(["3 pass", "1 fail", "1 not-applicable", "1 error"], doc.QuerySelectorAll("header .v").Select(e => e.TextContent));
        Assert.Contains(doc.QuerySelectorAll("li"), li => li.TextContent == "tls.min");
        Assert.Contains(doc.QuerySelectorAll("li"), li => li.TextContent == "metrics :9090");
        Assert.Contains("not stated by the system's own documents", doc.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Failures_first_lists_fail_then_error_only()
    {
        var doc = Parse(RunResultBuilder.Typical().Build());

        var items = doc.QuerySelectorAll("ol > li").ToList();
        Assert.Equal(["#RD-01", "#SAN-05"], items.Select(li => li.QuerySelector("a")!.GetAttribute("href")));
    }

    [Fact]
    public void Evidence_is_rendered_for_every_kind()
    {
        var doc = Parse(RunResultBuilder.Typical().Build());

        var san01 = doc.GetElementById("SAN-01")!;
        var text = san01.TextContent;
        foreach (var expected in new[] { "source-controller.flux-system.svc.cluster.local.", "TLS 1.3", "TLS_AES_256_GCM_SHA384", "h2", "refused-in-handshake", "protocol_version (70), fatal", "AB:CD:EF:01", "127.0.0.1", "absent (any purpose)", "serverAuth", "RSA 2048", "RFC 6125 hostname", "no SAN matches" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.Equal(2, san01.QuerySelectorAll("table tbody tr").Length);

        var pt01 = doc.GetElementById("PT-01")!.TextContent;
        Assert.Contains("GET / HTTP/1.1", pt01, StringComparison.Ordinal);
        Assert.Contains("15030300020246", pt01, StringComparison.Ordinal);
        Assert.Contains("connection refused", pt01, StringComparison.Ordinal);

        var rd01 = doc.GetElementById("RD-01")!;
        Assert.Contains("GET /a%20b?q=1", rd01.TextContent, StringComparison.Ordinal);
        Assert.Contains("302 Found", rd01.TextContent, StringComparison.Ordinal);
        Assert.Contains(rd01.QuerySelectorAll("td"), td => td.TextContent == "X-Evil");
        Assert.Contains("moved", rd01.QuerySelector("pre")!.TextContent, StringComparison.Ordinal);

        Assert.Contains("seed 42 chose /a/b?c=d", doc.GetElementById("SAN-05")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(doc.QuerySelectorAll("div.ev > pre"), pre => pre.TextContent.Contains("Evidence {", StringComparison.Ordinal));
    }

    [Fact]
    public void Version_grpc_start_attempt_action_and_log_line_evidence_are_rendered_for_people()
    {
        var doc = Parse(RunResultBuilder.Typical().Build());

        // No kind falls back to its raw record text.
        Assert.DoesNotContain("VersionEvidence", doc.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("LogLineRecord", doc.Body!.TextContent, StringComparison.Ordinal);

        var version = doc.GetElementById("SAN-05")!.TextContent;
        foreach (var expected in new[] { "TLS version offer", "TLS 1.1", "alert", "protocol_version (70), fatal", "15030300020246" })
        {
            Assert.Contains(expected, version, StringComparison.Ordinal);
        }

        var grpc = doc.GetElementById("MT-01")!;
        foreach (var expected in new[] { "gRPC call", "/grpc.health.v1.Health/Check", "CN=conformance client (test CA)", "OK (0)", "SERVING", "accepted" })
        {
            Assert.Contains(expected, grpc.TextContent, StringComparison.Ordinal);
        }

        Assert.Contains(grpc.QuerySelectorAll("dd"), dd => dd.TextContent == "grpc-message: " + RunResultBuilder.Hostile);

        var logs = doc.GetElementById("LG-02")!;
        var output = logs.QuerySelector("pre.out")!;
        Assert.Equal("starting\nerror: certificate expired " + RunResultBuilder.Hostile, output.TextContent);
        Assert.Contains("/usr/bin/reference --cert /tmp/x/tls.crt", logs.QuerySelectorAll("code").Select(c => c.TextContent));

        var row = logs.QuerySelector(".tl")!;
        Assert.Equal("05:06:11.140 UTC", row.QuerySelector("time")!.TextContent);
        Assert.Equal("2025-03-04T05:06:11.140Z", row.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal("+3.25 s", row.QuerySelector(".tl-el")!.TextContent);
        Assert.Equal("swap", row.QuerySelector(".tl-act")!.TextContent);

        var matched = logs.QuerySelector(".log-ok pre.log")!;
        Assert.Equal("05:06:09.390 [stdout] TLS listening on :9443 " + RunResultBuilder.Hostile + "\n05:06:12.015 [stderr] reloaded certificate", matched.TextContent);
        var missing = logs.QuerySelector(".log-missing")!;
        Assert.Equal("(no line matched)", missing.QuerySelector("pre.log .miss")!.TextContent);
        Assert.Contains(missing.QuerySelectorAll("dd.no"), dd => dd.TextContent.StartsWith("no", StringComparison.Ordinal));
        Assert.Contains("an error line after the bad certificate", missing.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_csp_admits_exactly_the_filter_script_by_the_hash_of_its_text()
    {
        var doc = Parse(RunResultBuilder.Typical().Build());

        var script = Assert.Single(doc.QuerySelectorAll("script"));
        Assert.Empty(script.Attributes);
        Assert.Equal(HtmlFilterScript.Text, script.TextContent);
        Assert.InRange(script.TextContent.Split('\n').Length, 1, 40);

        var csp = Assert.Single(doc.QuerySelectorAll("meta[http-equiv='Content-Security-Policy']")).GetAttribute("content")!;
        var directives = csp.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        Assert.Equal("'none'", directives["default-src"]);
        Assert.Equal("'unsafe-inline'", directives["style-src"]);
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(script.TextContent)));
        Assert.Equal($"'sha256-{hash}'", directives["script-src"]);
        Assert.Equal(3, directives.Count);
    }

    [Fact]
    public void Without_javascript_the_static_page_holds_every_section_visible_and_no_buttons()
    {
        var result = RunResultBuilder.Typical().Build();
        var doc = Parse(result);

        var list = doc.GetElementById(HtmlReport.ScenarioListId)!;
        Assert.Equal(result.Scenarios.Select(s => s.Id), list.QuerySelectorAll("section").Select(s => s.Id));
        Assert.Equal(result.Scenarios.Select(s => s.Suite), list.QuerySelectorAll("section").Select(s => s.GetAttribute("data-suite")));
        Assert.Empty(doc.QuerySelectorAll("button, .off, .ff, [hidden]"));

        // The script hides by these class names, which the stylesheet defines; the names it reads are in the page.
        var css = doc.QuerySelector("style")!.TextContent;
        Assert.Contains(".off{display:none}", css, StringComparison.Ordinal);
        Assert.Contains(".ff>section.s-fail{order:-2}", css, StringComparison.Ordinal);
        foreach (var name in new[] { HtmlReport.ScenarioListId, "data-suite", "s-fail", "s-error", "'off'", "'ff'" })
        {
            Assert.Contains(name, HtmlFilterScript.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Report_is_self_contained_with_no_external_reference_and_urls_only_as_text()
    {
        var html = HtmlReport.Render(RunResultBuilder.Typical().Build());
        var doc = new HtmlParser().ParseDocument(html);

        Assert.Empty(doc.QuerySelectorAll("script[src], link, img, iframe, object, embed, base, form"));
        Assert.Equal([HtmlFilterScript.Text], doc.QuerySelectorAll("script").Select(s => s.TextContent));
        foreach (var element in doc.All)
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.DoesNotMatch(UrlPattern(), attribute.Value);
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{element.LocalName} has {attribute.Name}");
            }

            if (element.LocalName == "a")
            {
                Assert.StartsWith("#", element.GetAttribute("href")!, StringComparison.Ordinal);
            }
        }

        var css = string.Concat(doc.QuerySelectorAll("style").Select(s => s.TextContent));
        Assert.DoesNotContain("url(", css, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", css, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(UrlPattern(), css);

        // The Location header is evidence: it must be there, as text.
        Assert.Contains(doc.QuerySelectorAll("td, dd"), e => e.TextContent == RunResultBuilder.ExternalLocation && e.Children.Length == 0);
    }

    [Fact]
    public void Hostile_text_in_a_san_a_header_value_and_a_reason_comes_out_as_text()
    {
        var doc = Parse(RunResultBuilder.Typical().Build());

        Assert.Equal([HtmlFilterScript.Text], doc.QuerySelectorAll("script").Select(s => s.TextContent)); // only the filter script
        Assert.Empty(doc.QuerySelectorAll("img"));
        Assert.All(doc.All, e => Assert.DoesNotContain(e.Attributes, a => a.Name == "onerror"));

        var cells = doc.QuerySelectorAll("td").Select(td => td.TextContent).ToList();
        Assert.Contains(cells, c => c.StartsWith(RunResultBuilder.Hostile, StringComparison.Ordinal)); // SAN (first DNS name)
        Assert.Contains(RunResultBuilder.Hostile, cells);                                               // header value
        Assert.Contains(doc.QuerySelectorAll("dd"), dd => dd.TextContent.EndsWith("second line " + RunResultBuilder.Hostile, StringComparison.Ordinal)); // reason
        Assert.Contains(doc.QuerySelectorAll("pre"), pre => pre.TextContent.Contains(RunResultBuilder.ImgBreakout, StringComparison.Ordinal));          // body snippet
    }

    [Fact]
    public void A_twenty_scenario_report_stays_compact()
    {
        var html = HtmlReport.Render(RunResultBuilder.Many(20).Build());

        TestContext.Current.TestOutputHelper?.WriteLine($"report.html for 20 scenarios: {html.Length} chars");
        Assert.InRange(html.Length, 10_000, 120_000);
        Assert.Equal(20, new HtmlParser().ParseDocument(html).QuerySelectorAll("section").Length);
    }

    private static string ReportTextFor(VerdictKind kind) => kind switch
    {
        VerdictKind.Pass => "pass",
        VerdictKind.Fail => "fail",
        VerdictKind.NotApplicable => "not-applicable",
        _ => "error",
    };

    [GeneratedRegex("(?i)(https?:)?//[a-z0-9]|\\burl\\(")]
    private static partial Regex UrlPattern();
}
