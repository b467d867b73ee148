using Conformance.Logs;

namespace Conformance.Tests.Logs;

/// <summary>The matcher: counts per window, lateness, JSON and text messages, placeholders, and error levels.</summary>
public sealed class LogMatcherTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly LogCatalog Json = new()
    {
        Name = "json",
        Format = LogFormat.Json,
        MessageFields = ["message"],
        LevelFields = ["severity"],
        Errors = new LogLevelRule { AtLeast = "error" },
    };

    private static readonly LogCatalog Text = new() { Name = "text", Errors = new LogLevelRule { Pattern = @"\[(emerg|alert|crit|error)\]" } };

    private static LogLine At(double seconds, string text) => new(T0.AddSeconds(seconds), "stdout", text);

    private static string Zap(string severity, string message) =>
        $$"""{"severity":"{{severity}}","timestamp":"2026-01-02T03:04:05.000Z","logger":"queueproxy","caller":"x.go:1","message":"{{message}}"}""";

    private static LogExpectation Reload(LogCount count, TimeSpan? within = null) =>
        new() { Name = "reload", Pattern = @"^Certificate and/or key have changed on disk and were reloaded\.$", Count = count, Within = within ?? TimeSpan.FromSeconds(10) };

    [Fact]
    public void Json_message_field_is_matched_not_the_whole_line()
    {
        var e = Reload(LogCount.Once);
        var lines = new[] { At(1, Zap("INFO", "Certificate and/or key have changed on disk and were reloaded.")) };

        var w = LogMatcher.Match(Json, e, LogMatcher.Compile(e.Pattern, p => p), lines, T0, T0.AddSeconds(5));

        Assert.True(w.Satisfied);
        Assert.Single(w.Matched);
        Assert.False(LogMatcher.Match(Text, e, LogMatcher.Compile(e.Pattern, p => p), lines, T0, T0.AddSeconds(5)).Satisfied);
    }

    [Theory]
    [InlineData("exactly 1", 1, true)]
    [InlineData("exactly 1", 2, false)]
    [InlineData("exactly 1", 0, false)]
    [InlineData("at least 2", 3, true)]
    [InlineData("at least 2", 1, false)]
    [InlineData("none", 0, true)]
    [InlineData("none", 1, false)]
    [InlineData("2", 2, true)]
    public void Counts_are_judged_per_window(string count, int lines, bool satisfied)
    {
        Assert.True(LogCount.TryParse(count, out var c));
        var e = Reload(c);
        var captured = Enumerable.Range(0, lines).Select(i => At(1 + i, Zap("INFO", "Certificate and/or key have changed on disk and were reloaded."))).ToList();

        var w = LogMatcher.Match(Json, e, LogMatcher.Compile(e.Pattern, p => p), captured, T0, T0.AddSeconds(60));

        Assert.Equal(satisfied, w.Satisfied);
        Assert.Equal(lines, w.Matched.Count);
    }

    [Fact]
    public void Lines_before_the_action_or_after_the_window_do_not_count_and_late_ones_fail()
    {
        var e = Reload(LogCount.Once, TimeSpan.FromSeconds(2));
        var regex = LogMatcher.Compile(e.Pattern, p => p);
        var line = Zap("INFO", "Certificate and/or key have changed on disk and were reloaded.");
        var captured = new[] { At(-1, line), At(3, line), At(12, line) };

        var w = LogMatcher.Match(Json, e, regex, captured, T0, T0.AddSeconds(10));

        Assert.Equal([captured[1]], w.Matched);
        Assert.Equal([captured[1]], w.Late);
        Assert.False(w.Satisfied);
        Assert.Contains("later than 2s", w.Seen, StringComparison.Ordinal);
    }

    [Fact]
    public void Placeholders_resolve_to_escaped_values()
    {
        var regex = LogMatcher.Compile("^Starting tls server main ?:{port:https}$", p => p == "{port:https}" ? "8112" : throw new InvalidOperationException(p));

        Assert.Matches(regex, "Starting tls server main:8112");
        Assert.Matches(regex, "Starting tls server main :8112");
        Assert.DoesNotMatch(regex, "Starting tls server main:81123");
        Assert.Matches(LogMatcher.Compile("^at {run:dir}$", _ => "/a.b(c)"), "at /a.b(c)");
        Assert.DoesNotMatch(LogMatcher.Compile("^at {run:dir}$", _ => "/a.b(c)"), "at /aXb(c)");
    }

    [Theory]
    [InlineData("ERROR", true)]
    [InlineData("error", true)]
    [InlineData("DPANIC", true)]
    [InlineData("FATAL", true)]
    [InlineData("WARN", false)]
    [InlineData("INFO", false)]
    public void Json_levels_at_or_above_the_floor_are_errors(string severity, bool error)
    {
        var errors = LogMatcher.Errors(Json, [At(1, Zap(severity, "x"))], T0, T0.AddSeconds(5));

        Assert.Equal(error ? 1 : 0, errors.Count);
    }

    [Fact]
    public void The_level_field_is_the_one_the_catalog_names()
    {
        var slog = Json with { LevelFields = ["level"] };
        var line = At(1, """{"level":"error","msg":"boom"}""");

        Assert.Single(LogMatcher.Errors(slog, [line], T0, T0.AddSeconds(5)));
        Assert.Empty(LogMatcher.Errors(Json, [line], T0, T0.AddSeconds(5)));
        Assert.Equal("boom", (Json with { MessageFields = ["msg"] }).Read(line).Message);
    }

    [Fact]
    public void Text_rule_finds_nginx_errors_and_not_notices()
    {
        var lines = new[]
        {
            At(1, "2026/11/23 14:33:34 [notice] 14124#14124: signal 1 (SIGHUP) received from 14116, reconfiguring"),
            At(2, "2026/11/23 14:33:35 [emerg] 14124#14124: cannot load certificate \"/x/c.pem\""),
        };

        var errors = LogMatcher.Errors(Text, lines, T0, T0.AddSeconds(5));

        Assert.Equal([lines[1]], errors.Select(e => e.Line));
    }

    [Fact]
    public void A_catalog_without_an_error_rule_finds_no_errors_and_non_json_lines_are_read_as_text()
    {
        var plain = At(1, "panic: not json at all");

        Assert.Empty(LogMatcher.Errors(Json with { Errors = null }, [At(1, Zap("ERROR", "x"))], T0, T0.AddSeconds(5)));
        Assert.Equal(plain.Text, Json.Read(plain).Message);
        Assert.Null(Json.Read(plain).Level);
    }

    [Theory]
    [InlineData("at least 0")]
    [InlineData("many")]
    [InlineData("exactly -1")]
    [InlineData("")]
    public void Bad_counts_do_not_parse(string text) => Assert.False(LogCount.TryParse(text, out _));
}
