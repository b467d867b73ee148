using Conformance.Cli;
using Conformance.Pki;

namespace Conformance.Suites.Tests.BadInput;

/// <summary>
/// Every case of <see cref="BadInputCatalog"/> through the CLI's real entry point: the documented exit code, exactly
/// one line on stderr that names what and where, and no stack trace.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-badinput-test-");

    public static TheoryData<string> Names => [.. BadInputCatalog.Cases.Select(c => c.Name)];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_catalog_has_at_least_25_distinct_cases() =>
        Assert.True(BadInputCatalog.Cases.Select(c => c.Name).Distinct().Count() >= 25);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Bad_input_gives_its_exit_code_and_one_line_naming_what_and_where(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var @case = BadInputCatalog.Cases.Single(c => c.Name == name);
        await File.WriteAllTextAsync(_dir.File("garbage.pem"), "not a certificate\n", ct);
        var profile = _dir.File("profile.yaml");
        if (@case.Profile is { } text)
        {
            await File.WriteAllTextAsync(profile, text.Replace("{dir}", _dir.Path, StringComparison.Ordinal), ct);
        }

        var args = @case.Args.Select(a => a.Replace("{profile}", profile, StringComparison.Ordinal).Replace("{dir}", _dir.Path, StringComparison.Ordinal)).ToArray();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await ConformanceApp.RunAsync(args, output, error, ct);

        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(code == @case.ExitCode, $"exit {code}, expected {@case.ExitCode}\nstderr: {error}\nstdout: {output}");
        Assert.True(lines.Length == 1, $"expected one error line, got {lines.Length}:\n{error}");
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
        foreach (var fragment in @case.Expect)
        {
            var expected = fragment.StartsWith('@') ? $"{profile}:{fragment[1..]}" : fragment.Replace("{profile}", profile, StringComparison.Ordinal);
            Assert.True(lines[0].Contains(expected, StringComparison.Ordinal), $"'{expected}' not in: {lines[0]}");
        }

        // Nothing ran, so nothing was written: a bad input never leaves a half report behind.
        Assert.False(Directory.Exists(_dir.File("runs")) && Directory.EnumerateDirectories(_dir.File("runs")).Any(), "a report folder was written for a bad input");
    }
}
