using System.Buffers;
using System.Text;

namespace Conformance.Reports;

/// <summary>
/// A minimal HTML element tree for report.html, serialized by the HTML fragment serialization rules: every text child
/// and attribute value is escaped when written, so untrusted text can never become markup. Tag and attribute names are
/// code constants and are checked; raw-text elements (<c>style</c>, <c>script</c>) take only constant text.
/// </summary>
/// <remarks>
/// It replaces AngleSharp's DOM for building the page: AngleSharp spent about 3 µs per node, which is 6 s for a
/// 10,000-result report; this tree does the same job in a fraction of that. AngleSharp still parses the output in the tests.
/// </remarks>
internal sealed class HtmlElement
{
    private static readonly HashSet<string> VoidElements = ["meta", "col", "br", "input", "link", "img", "hr", "wbr"];
    private static readonly HashSet<string> RawTextElements = ["style", "script"];
    private static readonly SearchValues<char> TextSpecials = SearchValues.Create("&<>\u00A0");
    private static readonly SearchValues<char> AttributeSpecials = SearchValues.Create("&<>\"\u00A0");

    // The SVG vocabulary report.html draws with: shapes, text and accessibility names. Nothing that can load or run
    // anything (script, foreignObject, use, image, a, animate, set) and no href of any kind.
    private static readonly HashSet<string> SvgElements = ["svg", "g", "title", "desc", "rect", "line", "polyline", "path", "text", "tspan"];
    private static readonly HashSet<string> SvgForbiddenAttributes = ["href", "src", "style"];

    /// <summary>The SVG namespace; the HTML parser puts everything inside <c>&lt;svg&gt;</c> in it.</summary>
    public const string SvgNamespace = "http://www.w3.org/2000/svg";

    // Children are elements, strings (text nodes) or deferred elements (built when written); attributes keep their
    // insertion order.
    private readonly List<object> _children = [];
    private List<KeyValuePair<string, string>>? _attributes;

    public HtmlElement(string localName)
    {
        CheckName(localName, mixedCase: false);
        LocalName = localName;
    }

    private HtmlElement(string localName, bool svg)
    {
        CheckName(localName, mixedCase: false);
        LocalName = localName;
        IsSvg = svg;
    }

    public string LocalName { get; }

    /// <summary>An element of the SVG namespace (inline in the HTML document, inside an <c>&lt;svg&gt;</c> root).</summary>
    public bool IsSvg { get; }

    public HtmlElement? Parent { get; private set; }

    /// <summary>The element children, in order (text children are skipped).</summary>
    public IReadOnlyList<HtmlElement> Children => [.. _children.OfType<HtmlElement>()];

    public string? Id
    {
        get => GetAttribute("id");
        set => SetAttribute("id", value ?? string.Empty);
    }

    public string? ClassName
    {
        get => GetAttribute("class");
        set => SetAttribute("class", value ?? string.Empty);
    }

    /// <summary>Replaces every child with one text node.</summary>
    public string TextContent
    {
        set
        {
            _children.Clear();
            AppendText(value);
        }
    }

    /// <summary>
    /// An SVG element from the allowed drawing vocabulary. Its attribute names may be mixed case (<c>viewBox</c>), since
    /// the HTML parser matches SVG attribute names case-insensitively and restores their case; text stays escaped.
    /// </summary>
    public static HtmlElement Svg(string localName)
    {
        if (!SvgElements.Contains(localName))
        {
            throw new ArgumentException($"<{localName}> is not an SVG element report.html draws with", nameof(localName));
        }

        var element = new HtmlElement(localName, svg: true);
        if (localName == "svg")
        {
            element.SetAttribute("xmlns", SvgNamespace);
        }

        return element;
    }

    public void AddClass(string cls) => ClassName = string.IsNullOrEmpty(ClassName) ? cls : ClassName + " " + cls;

    public string? GetAttribute(string name)
    {
        if (_attributes is null)
        {
            return null;
        }

        foreach (var (key, value) in _attributes)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    public void SetAttribute(string name, string value)
    {
        CheckName(name, mixedCase: IsSvg);
        if (IsSvg && (SvgForbiddenAttributes.Contains(name) || (name == "xmlns" && value != SvgNamespace)))
        {
            throw new ArgumentException($"attribute {name} is never written on SVG elements", nameof(name));
        }

        if (name.StartsWith("on", StringComparison.Ordinal))
        {
            throw new ArgumentException($"event-handler attribute {name} is never written", nameof(name));
        }

        _attributes ??= [];
        for (var i = 0; i < _attributes.Count; i++)
        {
            if (_attributes[i].Key == name)
            {
                _attributes[i] = new(name, value);
                return;
            }
        }

        _attributes.Add(new(name, value));
    }

    public HtmlElement Append(HtmlElement child)
    {
        Adopt(child);
        _children.Add(child);
        return child;
    }

    public HtmlElement Prepend(HtmlElement child)
    {
        Adopt(child);
        _children.Insert(0, child);
        return child;
    }

    /// <summary>
    /// A child built only when the tree is written, then dropped: a 10,000-scenario report never holds every section's
    /// subtree at once, which keeps the garbage collector from promoting (and pausing on) a million short-lived nodes.
    /// </summary>
    public void AppendDeferred(Func<HtmlElement> build) => _children.Add(build);

    public void AppendText(string text)
    {
        if (RawTextElements.Contains(LocalName) && text.Contains("</", StringComparison.Ordinal))
        {
            throw new ArgumentException($"<{LocalName}> text must not contain \"</\"", nameof(text));
        }

        if (text.Length > 0)
        {
            _children.Add(text);
        }
    }

    /// <summary>The element's markup (outer HTML).</summary>
    public void WriteTo(StringBuilder html)
    {
        html.Append('<').Append(LocalName);
        if (_attributes is not null)
        {
            foreach (var (name, value) in _attributes)
            {
                html.Append(' ').Append(name).Append("=\"");
                Escape(html, value, attribute: true);
                html.Append('"');
            }
        }

        html.Append('>');
        if (VoidElements.Contains(LocalName))
        {
            return;
        }

        var raw = RawTextElements.Contains(LocalName);

        // A parser drops one newline right after <pre>; write an extra one so a leading newline survives the round trip.
        if (LocalName == "pre" && _children.Count > 0 && _children[0] is string first && first.StartsWith('\n'))
        {
            html.Append('\n');
        }

        foreach (var child in _children)
        {
            if (child is HtmlElement element)
            {
                element.WriteTo(html);
            }
            else if (child is Func<HtmlElement> build)
            {
                var built = build();
                Adopt(built);
                built.WriteTo(html);
            }
            else if (raw)
            {
                html.Append((string)child);
            }
            else
            {
                Escape(html, (string)child, attribute: false);
            }
        }

        html.Append("</").Append(LocalName).Append('>');
    }

    /// <summary>The HTML serialization escapes: &amp; and no-break space always, quotes in attributes, angle brackets everywhere.</summary>
    private static void Escape(StringBuilder html, string text, bool attribute)
    {
        var special = attribute ? AttributeSpecials : TextSpecials;
        var rest = text.AsSpan();
        for (var i = rest.IndexOfAny(special); i >= 0; i = rest.IndexOfAny(special))
        {
            html.Append(rest[..i]).Append(rest[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => "&nbsp;",
            });
            rest = rest[(i + 1)..];
        }

        html.Append(rest);
    }

    private void Adopt(HtmlElement child)
    {
        // HTML content inside SVG would break the parser out of foreign content; SVG outside an <svg> root is not SVG.
        if (IsSvg != child.IsSvg && !(child.IsSvg && child.LocalName == "svg"))
        {
            throw new InvalidOperationException($"<{child.LocalName}> cannot be a child of <{LocalName}>: SVG and HTML content do not mix");
        }

        if (child.Parent is not null)
        {
            throw new InvalidOperationException($"<{child.LocalName}> already has a parent");
        }

        for (var ancestor = this; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ReferenceEquals(ancestor, child))
            {
                throw new InvalidOperationException("an element cannot contain itself");
            }
        }

        child.Parent = this;
    }

    private static void CheckName(string name, bool mixedCase)
    {
        if (name.Length == 0 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' || (mixedCase && c is >= 'A' and <= 'Z')) || name[0] is '-' or (>= '0' and <= '9'))
        {
            throw new ArgumentException($"not a lowercase HTML name: {name}", nameof(name));
        }
    }
}
