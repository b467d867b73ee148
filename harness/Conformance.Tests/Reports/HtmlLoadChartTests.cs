using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Reports;

namespace Conformance.Tests.Reports;

public sealed class HtmlLoadChartTests
{
    private const string HostileLabel = "<script>x</script>";

    /// <summary>A 2 s load (200 slots): 10 ok per slot (2,000), plus, 3 failures per slot from 1.00 s to 1.10 s, two markers.</summary>
    internal static LoadEvidence Synthetic(int slots = 200, IReadOnlyList<TimelineMarker>? markers = null)
    {
        var timeline = Enumerable.Range(0, slots).Select(i => new TimelineBucket(i, 10, i is >= 100 and < 110 ? 3 : 0)).ToList();
        long ok = timeline.Sum(b => (long)b.Ok);
        long failed = timeline.Sum(b => (long)b.Failed);
        var failures = new Dictionary<string, long> { ["connection-refused"] = failed };
        var populations = new List<PopulationSummary>
        {
            new("old-trust", (ok + failed) / 2, ok / 2, failures, 1000, 1090),
            new("new-trust <b>", (ok + failed) / 2, ok / 2, new Dictionary<string, long>(), null, null),
        };
        var summary = new LoadSummary(ok + failed, ok, failures, 100, 1000, new Dictionary<int, long> { [0] = ok / 2, [1] = ok / 2 }, populations, timeline, slots * 10.0, (ok + failed) / (slots / 100.0), 4);
        return new LoadEvidence("https", "leaf swap under load", summary,
            markers ?? [new TimelineMarker("swap", 950), new TimelineMarker(HostileLabel, 1_200.5)],
            ["5D:1A:9C", "AA:BB:CC"]);
    }

    private static IDocument Render(params EvidenceItem[] evidence) =>
        new HtmlParser().ParseDocument(HtmlReport.Render(new RunResultBuilder().Add("RT-01", "rotation", Level.Must, VerdictKind.Fail, "failed under load", evidence).Build()));

    [Fact]
    public void The_chart_has_one_bar_per_slot_failures_stacked_markers_and_an_accessible_name()
    {
        var doc = Render(Synthetic());
        var svg = Assert.Single(doc.QuerySelectorAll("svg"));

        Assert.Equal("http://www.w3.org/2000/svg", svg.NamespaceUri);
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("0 0 960 300", svg.GetAttribute("viewBox"));
        Assert.Contains("2030 requests", svg.GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.Contains("30 failed", svg.GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.Equal("title", svg.FirstElementChild!.LocalName);
        Assert.Equal("200", svg.GetAttribute("data-columns"));
        Assert.Equal(200, svg.QuerySelectorAll("rect.c-ok").Length);
        Assert.Equal(10, svg.QuerySelectorAll("rect.c-fail").Length);
        Assert.All(svg.QuerySelectorAll("rect"), r => Assert.Equal("http://www.w3.org/2000/svg", r.NamespaceUri));

        // A failure bar sits on top of the ok bar of its column.
        var fail = svg.QuerySelectorAll("rect.c-fail").First();
        var under = svg.QuerySelectorAll("rect.c-ok").Single(r => r.GetAttribute("x") == fail.GetAttribute("x"));
        Assert.Equal(double.Parse(under.GetAttribute("y")!, System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(fail.GetAttribute("y")!, System.Globalization.CultureInfo.InvariantCulture) + double.Parse(fail.GetAttribute("height")!, System.Globalization.CultureInfo.InvariantCulture), 2);

        var markers = svg.QuerySelectorAll("g.c-marker");
        Assert.Equal(2, markers.Length);
        Assert.All(markers, m => Assert.Single(m.QuerySelectorAll("line")));
        Assert.Equal(["swap", HostileLabel], markers.Select(m => m.QuerySelector("text")!.TextContent));
        Assert.Contains("time since the load started (ms)", svg.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hostile_marker_label_stays_text()
    {
        var markup = HtmlReport.Render(new RunResultBuilder().Add("RT-01", "rotation", Level.Must, VerdictKind.Pass, null, Synthetic()).Build());
        var doc = new HtmlParser().ParseDocument(markup);

        Assert.DoesNotContain("<script>x", markup, StringComparison.Ordinal);
        Assert.Single(doc.QuerySelectorAll("script"));
        Assert.Empty(doc.QuerySelectorAll("svg script"));
        Assert.Contains(HostileLabel, doc.QuerySelector("svg")!.GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.Empty(doc.QuerySelectorAll("svg foreignObject, svg a, svg image, svg use, [href]:not(a)"));
    }

    [Fact]
    public void A_long_run_is_summed_into_at_most_600_columns()
    {
        var evidence = Synthetic(slots: 100_000, markers: [new TimelineMarker("certificate AA:BB first served", 500_000)]);
        var doc = Render(evidence);
        var svg = doc.QuerySelector("svg")!;

        var columns = int.Parse(svg.GetAttribute("data-columns")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(columns, 1, HtmlLoadChart.MaxColumns);
        Assert.InRange(svg.QuerySelectorAll("rect.c-ok").Length, 1, HtmlLoadChart.MaxColumns);
        Assert.Single(svg.QuerySelectorAll("rect.c-fail"));
        Assert.True(svg.OuterHtml.Length < 100_000, $"chart is {svg.OuterHtml.Length} characters");

        // Summing keeps every request.
        var (perColumn, ok, failed) = HtmlLoadChart.Columns(evidence.Summary.Timeline);
        Assert.Equal(167, perColumn);
        Assert.Equal(evidence.Summary.Ok, ok.Sum());
        Assert.Equal(evidence.Summary.Total - evidence.Summary.Ok, failed.Sum());
    }

    [Fact]
    public void The_summary_tables_show_totals_failures_by_class_gap_rate_and_populations()
    {
        var doc = Render(Synthetic());
        var box = doc.QuerySelector(".ev.load")!;

        var sum = box.QuerySelector("table.load-sum tbody tr")!.QuerySelectorAll("td").Select(c => c.TextContent).ToList();
        Assert.Equal(["2030", "2000", "30", "connection-refused: 30", "100 ms from 1.0 s", "1015", "2.0 s", "4"], sum);
        var pops = box.QuerySelectorAll("table.load-pop tbody tr").Select(r => r.QuerySelector("td")!.TextContent).ToList();
        Assert.Equal(["old-trust", "new-trust <b>"], pops);
        Assert.Equal(2, box.QuerySelectorAll("table.load-gen tbody tr").Length);
    }

    [Fact]
    public void Svg_elements_take_only_the_drawing_vocabulary_and_do_not_mix_with_html()
    {
        Assert.Throws<ArgumentException>(() => HtmlElement.Svg("script"));
        Assert.Throws<ArgumentException>(() => HtmlElement.Svg("foreignObject"));
        Assert.Throws<ArgumentException>(() => HtmlElement.Svg("rect").SetAttribute("href", "#x"));
        Assert.Throws<ArgumentException>(() => HtmlElement.Svg("rect").SetAttribute("onload", "x()"));
        Assert.Throws<InvalidOperationException>(() => HtmlElement.Svg("g").Append(new HtmlElement("div")));
        Assert.Throws<InvalidOperationException>(() => new HtmlElement("div").Append(HtmlElement.Svg("rect")));
        Assert.Throws<ArgumentException>(() => new HtmlElement("div").SetAttribute("viewBox", "0 0 1 1"));
        HtmlElement.Svg("svg").SetAttribute("viewBox", "0 0 1 1");
    }
}
