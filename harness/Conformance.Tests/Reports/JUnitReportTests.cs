using System.Xml.Linq;
using Conformance.Reports;

namespace Conformance.Tests.Reports;

public sealed class JUnitReportTests
{
    [Fact]
    public void One_testsuite_per_suite_with_right_counts_and_elements()
    {
        var xml = JUnitReport.Render(RunResultBuilder.Typical().Build());
        var doc = XDocument.Parse(xml);

        var root = doc.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal(("6", "1", "1", "1"), ((string)root.Attribute("tests")!, (string)root.Attribute("failures")!, (string)root.Attribute("errors")!, (string)root.Attribute("skipped")!));

        var suites = root.Elements("testsuite").ToList();
        Assert.Equal(["plaintext", "redirect", "san", "mtls", "logs"], suites.Select(s => (string)s.Attribute("name")!));
        var san = suites.Single(s => (string)s.Attribute("name")! == "san");
        Assert.Equal("2", (string)san.Attribute("tests")!);
        Assert.Equal("1", (string)san.Attribute("errors")!);
        Assert.Equal("0", (string)san.Attribute("failures")!);

        var props = san.Element("properties")!.Elements("property").ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);
        Assert.Equal("flux", props["profile"]);
        Assert.Equal("421337", props["seed"]);
        Assert.Equal("process", props["target"]);

        var cases = doc.Descendants("testcase").ToList();
        Assert.Equal(6, cases.Count);
        var rd = cases.Single(c => ((string)c.Attribute("name")!).StartsWith("RD-01 ", StringComparison.Ordinal));
        Assert.Equal("conformance.redirect", (string)rd.Attribute("classname")!);
        Assert.Equal("RD-01 title of RD-01", (string)rd.Attribute("name")!);
        Assert.Equal("0.013", (string)rd.Attribute("time")!);
        Assert.Contains(RunResultBuilder.Script, (string)rd.Element("failure")!.Attribute("message")!, StringComparison.Ordinal);

        Assert.NotNull(cases.Single(c => ((string)c.Attribute("name")!).StartsWith("SAN-05", StringComparison.Ordinal)).Element("error"));
        Assert.Equal("clientAuth: none", (string)cases.Single(c => ((string)c.Attribute("name")!).StartsWith("MT-01", StringComparison.Ordinal)).Element("skipped")!.Attribute("message")!);
        Assert.Empty(cases.Single(c => ((string)c.Attribute("name")!).StartsWith("PT-01", StringComparison.Ordinal)).Elements());
    }

    [Fact]
    public void Control_characters_from_a_server_do_not_break_the_xml()
    {
        var result = new RunResultBuilder().Add("PT-01", "plaintext", Model.Level.Must, Model.VerdictKind.Fail, "got \u0000\u0001 bytes \uD800").Build();

        var doc = XDocument.Parse(JUnitReport.Render(result));

        Assert.Contains("\uFFFD", (string)doc.Descendants("failure").Single().Attribute("message")!, StringComparison.Ordinal);
    }
}
