using AngleSharp.Dom;

namespace Conformance.Reports;

/// <summary>
/// Small helpers over AngleSharp's DOM. Every piece of text goes in through <see cref="INode.TextContent"/> or
/// <see cref="IElement.SetAttribute(string, string)"/>, so the serializer encodes it: untrusted text (server headers,
/// SANs, reasons, body snippets) can never become markup.
/// </summary>
internal sealed class HtmlDom(IDocument document)
{
    public IDocument Document { get; } = document;

    public IElement Add(INode parent, string tag, string? text = null, string? cls = null)
    {
        var element = Document.CreateElement(tag);
        if (cls is not null)
        {
            element.ClassName = cls;
        }

        if (text is not null)
        {
            element.TextContent = ReportText.Clean(text);
        }

        parent.AppendChild(element);
        return element;
    }

    public void Text(INode parent, string text) => parent.AppendChild(Document.CreateTextNode(ReportText.Clean(text)));

    /// <summary>An in-page link; the target is always a fragment, never a URL.</summary>
    public IElement Link(INode parent, string fragment, string text, string? cls = null)
    {
        var a = Add(parent, "a", text, cls);
        a.SetAttribute("href", "#" + ReportText.Clean(fragment));
        return a;
    }

    public IElement Badge(INode parent, string verdict, string? text = null) =>
        Add(parent, "span", text ?? verdict, "v " + verdict);

    /// <summary>A term/value pair; skipped when there is nothing to say, to keep the markup compact.</summary>
    public void Field(IElement dl, string term, string? value, string? cls = null)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        Add(dl, "dt", term);
        Add(dl, "dd", value, cls);
    }

    /// <summary>A term whose value is built by the caller (code, badges, lists).</summary>
    public IElement Field(IElement dl, string term)
    {
        Add(dl, "dt", term);
        return Add(dl, "dd");
    }

    public IElement Table(INode parent, params string[] headers)
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
    public void Columns(IElement tbody, string cls, params string[] widths)
    {
        var table = tbody.ParentElement!;
        table.ClassList.Add(cls);
        var colgroup = Document.CreateElement("colgroup");
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

    public IElement Row(IElement body, params string?[] cells)
    {
        var row = Add(body, "tr");
        foreach (var cell in cells)
        {
            Add(row, "td", cell ?? string.Empty);
        }

        return row;
    }
}
