using System.Text;
using AngleSharp.Html.Parser;
using Conformance.Reports;

namespace Conformance.Tests.Reports;

public sealed class HtmlElementTests
{
    private static string Html(HtmlElement element)
    {
        var text = new StringBuilder();
        element.WriteTo(text);
        return text.ToString();
    }

    [Fact]
    public void Text_and_attribute_values_are_escaped_and_parse_back_to_the_same_strings()
    {
        const string hostile = "<script>alert(1)</script> & \"q\" 'a' \u00A0 ]]> </pre>";
        var div = new HtmlElement("div");
        div.SetAttribute("title", hostile);
        div.AppendText(hostile);
        div.Append(new HtmlElement("pre")).TextContent = "\nleading newline kept";

        var markup = Html(div);

        Assert.DoesNotContain("<script", markup, StringComparison.Ordinal);
        Assert.Equal("<div title=\"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; 'a' &nbsp; ]]&gt; &lt;/pre&gt;\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"q\" 'a' &nbsp; ]]&gt; &lt;/pre&gt;<pre>\n\nleading newline kept</pre></div>", markup);
        var parsed = new HtmlParser().ParseDocument("<!DOCTYPE html><body>" + markup).Body!.FirstElementChild!;
        Assert.Equal(hostile, parsed.GetAttribute("title"));
        Assert.Equal(hostile, parsed.FirstChild!.TextContent);
        Assert.Equal("\nleading newline kept", parsed.QuerySelector("pre")!.TextContent);
    }

    [Fact]
    public void Void_elements_have_no_end_tag_and_raw_text_elements_are_written_verbatim()
    {
        var head = new HtmlElement("head");
        head.Append(new HtmlElement("meta")).SetAttribute("charset", "utf-8");
        head.Append(new HtmlElement("style")).TextContent = "a>b{color:red}";

        Assert.Equal("<head><meta charset=\"utf-8\"><style>a>b{color:red}</style></head>", Html(head));
    }

    [Theory]
    [InlineData("Div")]
    [InlineData("a b")]
    [InlineData("x\"y")]
    [InlineData("")]
    [InlineData("-x")]
    public void Names_that_are_not_lowercase_html_names_are_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => new HtmlElement(name));
        Assert.Throws<ArgumentException>(() => new HtmlElement("div").SetAttribute(name, "v"));
    }

    [Fact]
    public void Event_handler_attributes_closing_sequences_in_raw_text_and_cycles_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new HtmlElement("a").SetAttribute("onclick", "x()"));
        Assert.Throws<ArgumentException>(() => new HtmlElement("script").TextContent = "var a = '</script><b>';");
        Assert.Throws<ArgumentException>(() => new HtmlElement("style").TextContent = "</style>");

        var outer = new HtmlElement("div");
        var inner = outer.Append(new HtmlElement("span"));
        Assert.Throws<InvalidOperationException>(() => inner.Append(outer));
        Assert.Throws<InvalidOperationException>(() => new HtmlElement("p").Append(inner));
    }

    [Fact]
    public void Deferred_children_are_built_when_written_in_their_place()
    {
        var built = 0;
        var list = new HtmlElement("ul");
        list.Append(new HtmlElement("li")).TextContent = "1";
        list.AppendDeferred(() =>
        {
            built++;
            var li = new HtmlElement("li") { ClassName = "late" };
            li.AppendText("2 <b>");
            return li;
        });
        list.AppendText("tail");

        Assert.Equal(0, built);
        Assert.Equal("<ul><li>1</li><li class=\"late\">2 &lt;b&gt;</li>tail</ul>", Html(list));
        Assert.Equal(1, built);
    }
}
