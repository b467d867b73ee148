using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Reports;
using Conformance.Reports.Synthetic;

namespace Conformance.Tests.Reports;

/// <summary>
/// results.json is written with source-generated metadata (no reflection on a run's first write); these tests hold it to
/// the text the reflection resolver writes with the same options, byte for byte, on runs carrying every evidence kind.
/// </summary>
public sealed class ResultsJsonContextTests
{
    // The same options with reflection metadata only: what every results.json was written with before the context.
    private static readonly JsonSerializerOptions Reflection = new(JsonReport.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public static TheoryData<string> Runs() => ["synthetic-many", "synthetic-default", "typical-with-load"];

    private static RunResult Build(string name) => name switch
    {
        "synthetic-many" => new SyntheticRunBuilder(7).Many(300),
        "synthetic-default" => new SyntheticRunBuilder(11).DefaultSized(),
        _ => RunResultBuilder.Typical().Add("RT-01", "rotation", Level.Must, VerdictKind.Fail, "failed under load", HtmlLoadChartTests.Synthetic()).Build(),
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void The_source_generated_text_is_byte_identical_to_the_reflection_text(string name)
    {
        var run = Build(name);

        var generated = JsonReport.Serialize(run);
        var reflected = JsonSerializer.Serialize(run, Reflection) + "\n";

        Assert.Equal(reflected, generated);
    }

    [Fact]
    public void The_runs_compared_carry_every_evidence_kind()
    {
        var kinds = new[] { "synthetic-many", "synthetic-default", "typical-with-load" }
            .SelectMany(n => Build(n).Scenarios).SelectMany(s => s.Evidence).Select(e => e.GetType()).ToHashSet();

        var declared = typeof(EvidenceItem).GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonDerivedTypeAttribute), inherit: false)
            .Cast<System.Text.Json.Serialization.JsonDerivedTypeAttribute>().Select(a => a.DerivedType).ToList();
        Assert.NotEmpty(declared);
        Assert.All(declared, t => Assert.Contains(t, kinds));
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Text_written_by_the_reflection_path_reads_back_to_the_same_run(string name)
    {
        var reflected = JsonSerializer.Serialize(Build(name), Reflection) + "\n";

        var read = JsonReport.Parse(reflected);

        Assert.Equal(reflected, JsonReport.Serialize(read));
    }

    [Fact]
    public void The_report_types_metadata_comes_from_the_generated_context()
    {
        Assert.Same(ResultsJsonContext.Default, JsonReport.Options.GetTypeInfo(typeof(RunResult)).OriginatingResolver);
        Assert.Same(ResultsJsonContext.Default, JsonReport.Options.GetTypeInfo(typeof(EvidenceItem)).OriginatingResolver);
        Assert.Same(ResultsJsonContext.Default, JsonReport.Options.GetTypeInfo(typeof(LoadEvidence)).OriginatingResolver);
    }
}
