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
    }

    [Fact]
    public void Report_is_self_contained_with_no_external_reference_and_urls_only_as_text()
    {
        var html = HtmlReport.Render(RunResultBuilder.Typical().Build());
        var doc = new HtmlParser().ParseDocument(html);

        Assert.Empty(doc.QuerySelectorAll("script, link, img, iframe, object, embed, base, form"));
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

        Assert.Empty(doc.QuerySelectorAll("script"));
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
