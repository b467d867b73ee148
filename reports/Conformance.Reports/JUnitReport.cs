using System.Globalization;
using System.Text;
using System.Xml;
using Conformance.Model;

namespace Conformance.Reports;

/// <summary>
/// junit.xml for CI gates: one <c>testsuite</c> per suite, one <c>testcase</c> per scenario. fail → <c>failure</c>,
/// error → <c>error</c> (never a failure: the harness could not decide), not-applicable → <c>skipped</c>.
/// </summary>
public static class JUnitReport
{
    public static string Render(RunResult result)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
        };

        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("testsuites");
            w.WriteAttributeString("name", ReportText.Clean($"conformance {result.Profile}"));
            WriteCounts(w, result.Scenarios);
            w.WriteAttributeString("time", Seconds(result.DurationMs));
            w.WriteAttributeString("timestamp", Iso(result.StartedUtc));

            foreach (var suite in result.Scenarios.GroupBy(s => s.Suite))
            {
                w.WriteStartElement("testsuite");
                w.WriteAttributeString("name", ReportText.Clean(suite.Key));
                WriteCounts(w, [.. suite]);
                w.WriteAttributeString("time", Seconds(suite.Sum(s => s.DurationMs)));
                w.WriteAttributeString("timestamp", Iso(result.StartedUtc));

                w.WriteStartElement("properties");
                WriteProperty(w, "profile", result.Profile);
                WriteProperty(w, "seed", result.Seed.ToString(CultureInfo.InvariantCulture));
                WriteProperty(w, "target", result.Target);
                WriteProperty(w, "failOn", ReportText.Level(result.FailOn));
                WriteProperty(w, "harnessVersion", result.HarnessVersion);
                WriteProperty(w, "result", ReportText.Result(result));
                if (ReportText.Interruption(result) is { } interruption)
                {
                    WriteProperty(w, "interrupted", interruption);
                }
                w.WriteEndElement();

                foreach (var s in suite)
                {
                    WriteTestCase(w, s);
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteTestCase(XmlWriter w, ScenarioResult s)
    {
        w.WriteStartElement("testcase");
        w.WriteAttributeString("classname", ReportText.Clean($"conformance.{s.Suite}"));
        w.WriteAttributeString("name", ReportText.Clean($"{s.Id} {s.Title}"));
        w.WriteAttributeString("time", Seconds(s.DurationMs));

        var reason = ReportText.Clean(s.Reason ?? string.Empty);
        var element = s.Verdict switch
        {
            VerdictKind.Fail => "failure",
            VerdictKind.Error => "error",
            VerdictKind.NotApplicable => "skipped",
            _ => null,
        };
        if (element is not null)
        {
            w.WriteStartElement(element);
            w.WriteAttributeString("message", reason);
            if (s.Verdict != VerdictKind.NotApplicable)
            {
                w.WriteAttributeString("type", ReportText.Verdict(s.Verdict));

                // CI viewers show the body; the requirement tells the reader what was promised.
                w.WriteString(ReportText.Clean($"{ReportText.Level(s.Level)}: {s.Requirement}\n{reason}"));
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteCounts(XmlWriter w, IReadOnlyCollection<ScenarioResult> scenarios)
    {
        var c = VerdictCounts.From(scenarios);
        w.WriteAttributeString("tests", scenarios.Count.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("failures", c.Fail.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("errors", c.Error.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("skipped", c.NotApplicable.ToString(CultureInfo.InvariantCulture));
    }

    private static void WriteProperty(XmlWriter w, string name, string? value)
    {
        w.WriteStartElement("property");
        w.WriteAttributeString("name", name);
        w.WriteAttributeString("value", ReportText.Clean(value));
        w.WriteEndElement();
    }

    private static string Seconds(double milliseconds) =>
        double.IsFinite(milliseconds) ? (milliseconds / 1000).ToString("0.###", CultureInfo.InvariantCulture) : "0";

    // The JUnit schema's timestamp has no zone designator; it is UTC here.
    private static string Iso(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}
