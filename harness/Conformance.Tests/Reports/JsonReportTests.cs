using System.Text.Json;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Reports;

namespace Conformance.Tests.Reports;

public sealed class JsonReportTests
{
    [Fact]
    public void Round_trip_keeps_run_fields_scenarios_and_every_evidence_kind()
    {
        var original = RunResultBuilder.Typical().Build();
        var path = Path.Combine(Directory.CreateTempSubdirectory("conf-json").FullName, "results.json");
        File.WriteAllText(path, JsonReport.Serialize(original));

        var read = JsonReport.Read(path);

        Assert.Equal(original.Schema, read.Schema);
        Assert.Equal(original.Profile, read.Profile);
        Assert.Equal(original.Seed, read.Seed);
        Assert.Equal(original.StartedUtc, read.StartedUtc);
        Assert.Equal(original.DurationMs, read.DurationMs);
        Assert.Equal(original.Verdicts, read.Verdicts);
        Assert.Equal(original.ExitCode, read.ExitCode);
        Assert.Equal(original.FailOn, read.FailOn);
        Assert.Equal(original.Assumptions, read.Assumptions);
        Assert.Equal(original.ByDesignPlaintext, read.ByDesignPlaintext);
        Assert.Equal(original.Scenarios.Count, read.Scenarios.Count);
        for (var i = 0; i < original.Scenarios.Count; i++)
        {
            var (a, b) = (original.Scenarios[i], read.Scenarios[i]);
            Assert.Equal((a.Id, a.Suite, a.Level, a.Title, a.Requirement, a.Capability, a.Verdict, a.Reason, a.DurationMs),
                         (b.Id, b.Suite, b.Level, b.Title, b.Requirement, b.Capability, b.Verdict, b.Reason, b.DurationMs));
            Assert.Equal(a.Evidence.Select(e => e.GetType()), b.Evidence.Select(e => e.GetType()));
        }

        // Records compare by value except for their lists; compare the serialized forms for the deep structure.
        Assert.Equal(JsonReport.Serialize(original), JsonReport.Serialize(read));
        var handshake = read.Scenarios.SelectMany(s => s.Evidence).OfType<HandshakeEvidence>().Single();
        Assert.Equal(RunResultBuilder.Hostile, handshake.Chain[0].DnsNames[0]);
        Assert.Null(handshake.Chain[1].ExtendedKeyUsages);
        Assert.Equal(TlsAlert.From(2, 70), handshake.Alert);

        // The kinds added for version, gRPC, start-attempt, action and log-line evidence come back field for field.
        var all = read.Scenarios.SelectMany(s => s.Evidence).ToList();
        Assert.Equal(RunResultBuilder.Version(), all.OfType<VersionEvidence>().Single());
        Assert.Equal(RunResultBuilder.Grpc(), all.OfType<GrpcEvidence>().Single());
        Assert.Equal(RunResultBuilder.Action(), all.OfType<ActionEvidence>().Single());
        var start = all.OfType<StartAttemptEvidence>().Single();
        Assert.Equal(RunResultBuilder.StartAttempt() with { Output = start.Output }, start);
        Assert.Equal(RunResultBuilder.StartAttempt().Output, start.Output);
        var logs = all.OfType<LogLinesEvidence>().ToList();
        Assert.Equal([true, false], logs.Select(l => l.Satisfied));
        Assert.Equal(RunResultBuilder.LogLines(true).Lines, logs[0].Lines);
        Assert.Equal(RunResultBuilder.LogLines(true) with { Lines = logs[0].Lines }, logs[0]);
        Assert.Empty(logs[1].Lines);
    }

    [Fact]
    public void Enums_and_properties_use_the_documented_spellings_with_schema_first()
    {
        var json = JsonReport.Serialize(RunResultBuilder.Typical().Build());
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Equal("schema", root.EnumerateObject().First().Name);
        Assert.Equal(1, root.GetProperty("schema").GetInt32());
        Assert.Equal("MUST", root.GetProperty("failOn").GetString());
        Assert.Equal(4, root.GetProperty("verdicts").GetProperty("not-applicable").GetInt32() + root.GetProperty("verdicts").GetProperty("pass").GetInt32());
        Assert.Contains('\n', json);
        Assert.Equal("2025-03-04T05:06:07.89Z", root.GetProperty("startedUtc").GetString());
        Assert.Contains("\\\"double\\\" \\\"><img src=x", json, StringComparison.Ordinal);

        var scenarios = root.GetProperty("scenarios").EnumerateArray().ToList();
        Assert.Equal(["pass", "fail", "pass", "error", "not-applicable", "pass"], scenarios.Select(s => s.GetProperty("verdict").GetString()));
        Assert.Equal(["MUST", "MUST", "MUST", "SHOULD", "MUST", "MAY"], scenarios.Select(s => s.GetProperty("level").GetString()));

        var evidence = scenarios.SelectMany(s => s.GetProperty("evidence").EnumerateArray()).ToList();
        Assert.Equal(["plaintext", "port", "http", "handshake", "policy", "note", "version", "grpc", "start-attempt", "action", "log-lines", "log-lines"], evidence.Select(e => e.GetProperty("kind").GetString()));
        Assert.All(evidence, e => Assert.Equal("kind", e.EnumerateObject().First().Name));

        var handshake = evidence.Single(e => e.GetProperty("kind").GetString() == "handshake");
        Assert.Equal("refused-in-handshake", handshake.GetProperty("outcome").GetString());
        Assert.Equal("Tls13", handshake.GetProperty("protocol").GetString());
        Assert.Equal("protocol_version", handshake.GetProperty("alert").GetProperty("name").GetString());
        Assert.Equal("tls-alert", evidence.Single(e => e.GetProperty("kind").GetString() == "plaintext").GetProperty("outcome").GetString());
        Assert.True(evidence.Single(e => e.GetProperty("kind").GetString() == "http").TryGetProperty("responseHeaders", out _));
        Assert.Equal("alert", evidence.Single(e => e.GetProperty("kind").GetString() == "version").GetProperty("outcome").GetString());
        Assert.Equal("SERVING", evidence.Single(e => e.GetProperty("kind").GetString() == "grpc").GetProperty("healthStatus").GetString());
        Assert.False(evidence.Single(e => e.GetProperty("kind").GetString() == "start-attempt").GetProperty("becameReady").GetBoolean());
        Assert.Equal("2025-03-04T05:06:11.14Z", evidence.Single(e => e.GetProperty("kind").GetString() == "action").GetProperty("atUtc").GetString());
        var line = evidence.First(e => e.GetProperty("kind").GetString() == "log-lines").GetProperty("lines")[0];
        Assert.Equal("2025-03-04T05:06:09.39Z", line.GetProperty("arrivedUtc").GetString());
    }

    [Theory]
    [InlineData("[1, 2]", "no numeric \"schema\"")]
    [InlineData("{\"name\": \"package.json\"}", "no numeric \"schema\"")]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("{\"schema\": 99, \"profile\": \"x\"}", "schema 99 is not supported")]
    [InlineData("{\"schema\": 1, \"profile\": \"x\"}", "malformed results.json")]
    public void A_file_that_is_not_a_known_results_json_gets_a_clear_error(string content, string expected)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("conf-json").FullName, "other.json");
        File.WriteAllText(path, content);

        var ex = Assert.Throws<ResultsFormatException>(() => JsonReport.Read(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_evidence_kind_is_a_format_error_not_a_crash()
    {
        var json = JsonReport.Serialize(RunResultBuilder.Typical().Build()).Replace("\"kind\": \"note\"", "\"kind\": \"hologram\"", StringComparison.Ordinal);

        Assert.Throws<ResultsFormatException>(() => JsonReport.Parse(json));
    }

    [Fact]
    public void Verdict_spellings_are_the_same_everywhere()
    {
        Assert.Equal("\"not-applicable\"", JsonSerializer.Serialize(VerdictKind.NotApplicable, JsonReport.Options));
        Assert.Equal("\"SHOULD\"", JsonSerializer.Serialize(Level.Should, JsonReport.Options));
        Assert.Equal("\"refused-after-handshake\"", JsonSerializer.Serialize(HandshakeOutcome.RefusedAfterHandshake, JsonReport.Options));
        Assert.Equal(Level.May, JsonSerializer.Deserialize<Level>("\"MAY\"", JsonReport.Options));
    }
}
