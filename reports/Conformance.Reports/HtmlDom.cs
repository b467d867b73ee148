namespace Conformance.Reports;

/// <summary>
/// Small helpers over the report's element tree (<see cref="HtmlElement"/>). Every piece of text goes in as a text node
/// or an attribute value, so the serializer encodes it: untrusted text (server headers, SANs, reasons, body snippets,
/// log lines) can never become markup.
/// </summary>
internal sealed class HtmlDom
{
    /// <summary>
    /// A page's skeleton, the same for every report: the document element, a head with charset, the page's Content
    /// Security Policy, viewport, title and inline style, and an empty body.
    /// </summary>
    public (HtmlElement Html, HtmlElement Body) Page(string contentSecurityPolicy, string title, string css)
    {
        var html = new HtmlElement("html");
        html.SetAttribute("lang", "en");
        var head = Add(html, "head");
        var body = Add(html, "body");
        Add(head, "meta").SetAttribute("charset", "utf-8");
        var csp = Add(head, "meta");
        csp.SetAttribute("http-equiv", "Content-Security-Policy");
        csp.SetAttribute("content", contentSecurityPolicy);
        var viewport = Add(head, "meta");
        viewport.SetAttribute("name", "viewport");
        viewport.SetAttribute("content", "width=device-width, initial-scale=1");
        Add(head, "title", title);
        Add(head, "style", css);
        return (html, body);
    }

    public HtmlElement Add(HtmlElement parent, string tag, string? text = null, string? cls = null)
    {
        var element = new HtmlElement(tag);
        if (cls is not null)
        {
            element.ClassName = cls;
        }

        if (text is not null)
        {
            element.TextContent = ReportText.Clean(text);
        }

        parent.Append(element);
        return element;
    }

    public void Text(HtmlElement parent, string text) => parent.AppendText(ReportText.Clean(text));

    /// <summary>An in-page link; the target is always a fragment, never a URL.</summary>
    public HtmlElement Link(HtmlElement parent, string fragment, string text, string? cls = null)
    {
        var a = Add(parent, "a", text, cls);
        a.SetAttribute("href", "#" + ReportText.Clean(fragment));
        return a;
    }

    public HtmlElement Badge(HtmlElement parent, string verdict, string? text = null) =>
        Add(parent, "span", text ?? verdict, "v " + verdict);

    /// <summary>A term/value pair; skipped when there is nothing to say, to keep the markup compact.</summary>
    public void Field(HtmlElement dl, string term, string? value, string? cls = null)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        Add(dl, "dt", term);
        Add(dl, "dd", value, cls);
    }

    /// <summary>A term whose value is built by the caller (code, badges, lists).</summary>
    public HtmlElement Field(HtmlElement dl, string term)
    {
        Add(dl, "dt", term);
        return Add(dl, "dd");
    }

    public HtmlElement Table(HtmlElement parent, params string[] headers)
    {
        var table = Add(parent, "table");
        var row = Add(Add(table, "thead"), "tr");
        foreach (var h in headers)
        {
            Add(row, "th", h);
        }

        return Add(table, "tbody");
    }

    /// <summary>
    /// Gives the table of <paramref name="tbody"/> a class and fixed column widths (CSS lengths; empty = share the rest):
    /// a fixed layout keeps short cells (key sizes, dates) whole while one long untrusted value (a SAN, a header) wraps.
    /// </summary>
    public void Columns(HtmlElement tbody, string cls, params string[] widths)
    {
        var table = tbody.Parent!;
        table.AddClass(cls);
        var colgroup = new HtmlElement("colgroup");
        foreach (var width in widths)
        {
            var col = Add(colgroup, "col");
            if (width.Length > 0)
            {
                col.SetAttribute("style", "width:" + width);
            }
        }

        table.Prepend(colgroup);
    }

    public HtmlElement Row(HtmlElement body, params string?[] cells)
    {
        var row = Add(body, "tr");
        foreach (var cell in cells)
        {
            Add(row, "td", cell ?? string.Empty);
        }

        return row;
    }
}
