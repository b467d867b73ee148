using System.Globalization;
using Conformance.Evidence;
using Conformance.Load;

namespace Conformance.Reports;

/// <summary>
/// The rotation timeline of a load run as inline SVG: requests per time column (ok green, failed red stacked on top),
/// one vertical line per marker with a short label, axes and a title. Built from <see cref="HtmlElement.Svg"/>
/// elements, so marker labels (untrusted) are text nodes and attribute values, escaped like everything else.
/// </summary>
internal static class HtmlLoadChart
{
    /// <summary>At most this many bars: a long run's 10 ms slots are summed into columns so the chart stays small.</summary>
    public const int MaxColumns = 600;

    /// <summary>Marker labels longer than this are shortened on the chart; the full text is in the marker's title.</summary>
    public const int MaxLabelChars = 32;

    private const double Width = 960;
    private const double Height = 300;
    private const double Left = 64;
    private const double Right = 28;
    private const double Top = 64;
    private const double Bottom = 44;
    private const double PlotWidth = Width - Left - Right;
    private const double PlotHeight = Height - Top - Bottom;

    /// <summary>The timeline's 10 ms slots summed into at most <see cref="MaxColumns"/> columns of equal width.</summary>
    public static (int SlotsPerColumn, long[] Ok, long[] Failed) Columns(IReadOnlyList<TimelineBucket> timeline)
    {
        var slots = 0;
        foreach (var b in timeline)
        {
            slots = Math.Max(slots, b.Slot + 1);
        }

        var perColumn = Math.Max(1, (slots + MaxColumns - 1) / MaxColumns);
        var columns = (slots + perColumn - 1) / perColumn;
        var ok = new long[columns];
        var failed = new long[columns];
        foreach (var b in timeline)
        {
            if (b.Slot >= 0)
            {
                ok[b.Slot / perColumn] += b.Ok;
                failed[b.Slot / perColumn] += b.Failed;
            }
        }

        return (perColumn, ok, failed);
    }

    public static HtmlElement Render(LoadEvidence load)
    {
        var (perColumn, ok, failed) = Columns(load.Summary.Timeline);
        var columnMs = perColumn * LoadSummarizer.SlotMs;
        var spanMs = Math.Max(columnMs, Math.Max(ok.Length * columnMs, MaxMarkerMs(load.Markers)));
        var peak = 1L;
        for (var i = 0; i < ok.Length; i++)
        {
            peak = Math.Max(peak, ok[i] + failed[i]);
        }

        var totalFailed = failed.Sum();
        var name = $"Rotation timeline, {load.Endpoint}: {Count(load.Summary.Total)} requests over {ReportText.Duration(spanMs)}, " +
            $"{Count(totalFailed)} failed, {Count(load.Markers.Count)} markers" +
            (load.Markers.Count == 0 ? string.Empty : " (" + string.Join("; ", load.Markers.Select(m => $"{m.Label} at {Num(m.AtMs)} ms")) + ")");

        var svg = HtmlElement.Svg("svg");
        svg.ClassName = "chart";
        svg.SetAttribute("viewBox", $"0 0 {Num(Width)} {Num(Height)}");
        svg.SetAttribute("role", "img");
        svg.SetAttribute("aria-label", ReportText.Clean(name));
        svg.SetAttribute("data-columns", ok.Length.ToString(CultureInfo.InvariantCulture));
        svg.SetAttribute("data-column-ms", Num(columnMs));
        Text(svg, "title", name);

        var heading = Text(svg, "text", $"Requests per {Num(columnMs)} ms — ok (green), failed (red); {Count(load.Markers.Count)} markers", "c-title");
        heading.SetAttribute("x", Num(Left));
        heading.SetAttribute("y", "16");

        // Axes: y from 0 to the peak column, x from 0 to the end of the run (or the last marker).
        var axes = Group(svg, "c-axis");
        Line(axes, Left, Top + PlotHeight, Left + PlotWidth, Top + PlotHeight);
        Line(axes, Left, Top, Left, Top + PlotHeight);
        foreach (var (value, label) in new[] { (0L, "0"), (peak, Count(peak)) })
        {
            var y = Top + PlotHeight - (value * PlotHeight / peak);
            Line(axes, Left - 4, y, Left, y);
            var t = Text(axes, "text", label);
            t.SetAttribute("x", Num(Left - 6));
            t.SetAttribute("y", Num(y + 4));
            t.SetAttribute("text-anchor", "end");
        }

        var step = TickStep(spanMs);
        for (var ms = 0.0; ms <= spanMs + 1e-9; ms += step)
        {
            var x = Left + (ms / spanMs * PlotWidth);
            Line(axes, x, Top + PlotHeight, x, Top + PlotHeight + 4);
            var t = Text(axes, "text", Num(ms));
            t.SetAttribute("x", Num(x));
            t.SetAttribute("y", Num(Top + PlotHeight + 16));
            t.SetAttribute("text-anchor", "middle");
        }

        var xLabel = Text(axes, "text", "time since the load started (ms)");
        xLabel.SetAttribute("x", Num(Left + (PlotWidth / 2)));
        xLabel.SetAttribute("y", Num(Height - 6));
        xLabel.SetAttribute("text-anchor", "middle");
        var yLabel = Text(axes, "text", "requests");
        yLabel.SetAttribute("transform", $"translate(14 {Num(Top + (PlotHeight / 2))}) rotate(-90)");
        yLabel.SetAttribute("text-anchor", "middle");

        // Bars: one column per group of slots; only non-empty parts are drawn, failures stacked above successes.
        var barWidth = columnMs / spanMs * PlotWidth;
        var bars = Group(svg, "c-bars");
        for (var i = 0; i < ok.Length; i++)
        {
            var x = Left + (i * barWidth);
            var okHeight = ok[i] * PlotHeight / peak;
            var failedHeight = failed[i] * PlotHeight / peak;
            if (ok[i] > 0)
            {
                Rect(bars, "c-ok", x, Top + PlotHeight - okHeight, barWidth, okHeight);
            }

            if (failed[i] > 0)
            {
                var rect = Rect(bars, "c-fail", x, Top + PlotHeight - okHeight - failedHeight, barWidth, failedHeight);
                Text(rect, "title", $"{Num(i * columnMs)}–{Num((i + 1) * columnMs)} ms: {Count(ok[i])} ok, {Count(failed[i])} failed");
            }
        }

        // Markers: a dashed line each, labels staggered over three rows so close markers stay readable.
        var markers = Group(svg, "c-markers");
        for (var i = 0; i < load.Markers.Count; i++)
        {
            var m = load.Markers[i];
            var x = Left + (Math.Clamp(m.AtMs, 0, spanMs) / spanMs * PlotWidth);
            var g = Group(markers, "c-marker");
            Text(g, "title", $"{m.Label} at {Num(m.AtMs)} ms");
            Line(g, x, Top - 8 - (i % 3 * 12), x, Top + PlotHeight);
            var label = Text(g, "text", Short(m.Label));
            label.SetAttribute("x", Num(x + (x > Left + (PlotWidth * 0.7) ? -3 : 3)));
            label.SetAttribute("y", Num(Top - 12 - (i % 3 * 12)));
            label.SetAttribute("text-anchor", x > Left + (PlotWidth * 0.7) ? "end" : "start");
        }

        return svg;
    }

    private static double MaxMarkerMs(IReadOnlyList<TimelineMarker> markers) => markers.Count == 0 ? 0 : markers.Max(m => m.AtMs);

    /// <summary>A round tick step giving five to ten ticks.</summary>
    private static double TickStep(double spanMs)
    {
        var raw = spanMs / 8;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        return (raw / magnitude) switch
        {
            <= 1 => magnitude,
            <= 2 => 2 * magnitude,
            <= 5 => 5 * magnitude,
            _ => 10 * magnitude,
        };
    }

    private static string Short(string label)
    {
        var clean = ReportText.Clean(label).ReplaceLineEndings(" ");
        return clean.Length <= MaxLabelChars ? clean : string.Concat(clean.AsSpan(0, MaxLabelChars - 1), "…");
    }

    private static HtmlElement Group(HtmlElement parent, string cls)
    {
        var g = parent.Append(HtmlElement.Svg("g"));
        g.ClassName = cls;
        return g;
    }

    private static HtmlElement Text(HtmlElement parent, string tag, string text, string? cls = null)
    {
        var element = parent.Append(HtmlElement.Svg(tag));
        if (cls is not null)
        {
            element.ClassName = cls;
        }

        element.TextContent = ReportText.Clean(text);
        return element;
    }

    private static void Line(HtmlElement parent, double x1, double y1, double x2, double y2)
    {
        var line = parent.Append(HtmlElement.Svg("line"));
        line.SetAttribute("x1", Num(x1));
        line.SetAttribute("y1", Num(y1));
        line.SetAttribute("x2", Num(x2));
        line.SetAttribute("y2", Num(y2));
    }

    private static HtmlElement Rect(HtmlElement parent, string cls, double x, double y, double width, double height)
    {
        var rect = parent.Append(HtmlElement.Svg("rect"));
        rect.ClassName = cls;
        rect.SetAttribute("x", Num(x));
        rect.SetAttribute("y", Num(y));
        rect.SetAttribute("width", Num(width));
        rect.SetAttribute("height", Num(height));
        return rect;
    }

    private static string Num(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
