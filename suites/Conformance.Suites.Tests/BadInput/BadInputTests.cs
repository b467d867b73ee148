using System.Diagnostics;
using System.Security.Cryptography;
using Conformance.Cli;
using Conformance.Pki;

namespace Conformance.Suites.Tests.BadInput;

/// <summary>
/// Every case of <see cref="BadInputCatalog"/> through the CLI's real entry point: the documented exit code, exactly
/// one line on stderr that names what and where, no longer than the bound and with no raw control character, no
/// stack trace, and promptly (a FIFO or a device must never block the read).
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-badinput-test-");

    public static TheoryData<string> Names => [.. BadInputCatalog.Cases.Select(c => c.Name)];

    // The longest error line the CLI prints (TerminalText.MaxLine).
    private const int MaxLine = 600;

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
        await File.WriteAllTextAsync(_dir.File("template.conf"), "listen {port:https};\nuser {nope:user};\n", ct);
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            // A key where a certificate belongs; removed with the folder.
            PemWriter.WriteSecret(_dir.File("key-only.pem"), key.ExportPkcs8PrivateKeyPem());
        }

        var fifo = _dir.File("fifo");
        if (@case.Args.Concat([@case.Profile ?? string.Empty]).Any(a => a.Contains("{fifo}", StringComparison.Ordinal)))
        {
            await MakeFifoAsync(fifo, ct);
        }

        string Fill(string text) => text.Replace("{dir}", _dir.Path, StringComparison.Ordinal).Replace("{fifo}", fifo, StringComparison.Ordinal);
        var profile = _dir.File("profile.yaml");
        if (@case.Profile is { } text)
        {
            await File.WriteAllTextAsync(profile, Fill(text), ct);
        }

        var args = @case.Args.Select(a => Fill(a.Replace("{profile}", profile, StringComparison.Ordinal))).ToArray();
        using var output = new StringWriter();
        using var error = new StringWriter();

        // On a thread of its own and bounded: a read that blocks (a FIFO's open) fails the case instead of hanging the suite.
        var clock = Stopwatch.StartNew();
        var code = await Task.Run(() => ConformanceApp.RunAsync(args, output, error, ct), ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        clock.Stop();

        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        TestContext.Current.TestOutputHelper?.WriteLine($"[{@case.Name}] exit {code} in {clock.ElapsedMilliseconds} ms: {(lines.Length > 0 ? lines[0].Replace(_dir.Path, "{dir}", StringComparison.Ordinal) : "(no line)")}");
        Assert.True(code == @case.ExitCode, $"exit {code}, expected {@case.ExitCode}\nstderr: {error}\nstdout: {output}");
        Assert.True(lines.Length == 1, $"expected one error line, got {lines.Length}:\n{error}");
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
        Assert.True(lines[0].Length <= MaxLine, $"error line of {lines[0].Length} characters (bound {MaxLine})");
        Assert.False(lines[0].Any(c => char.IsControl(c) && c != '\t'), $"raw control character in: {lines[0]}");
        if (@case.Args.Any(a => a.StartsWith("/dev/", StringComparison.Ordinal) || a.Contains("{fifo}", StringComparison.Ordinal)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:0.0} s on a device or FIFO");
        }
        foreach (var fragment in @case.Expect)
        {
            var expected = fragment.StartsWith('@') ? $"{profile}:{fragment[1..]}" : Fill(fragment.Replace("{profile}", profile, StringComparison.Ordinal));
            Assert.True(lines[0].Contains(expected, StringComparison.Ordinal), $"'{expected}' not in: {lines[0]}");
        }

        // Nothing ran, so nothing was written: a bad input never leaves a half report behind.
        Assert.False(Directory.Exists(_dir.File("runs")) && Directory.EnumerateDirectories(_dir.File("runs")).Any(), "a report folder was written for a bad input");
    }

    private static async Task MakeFifoAsync(string path, CancellationToken ct)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false }) ?? throw new InvalidOperationException("mkfifo did not start");
        await mkfifo.WaitForExitAsync(ct);
        Assert.True(mkfifo.ExitCode == 0, $"mkfifo {path} exited {mkfifo.ExitCode}");
    }
}
