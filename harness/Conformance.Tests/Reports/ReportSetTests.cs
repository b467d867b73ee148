using System.Text;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Reports;

namespace Conformance.Tests.Reports;

public sealed class ReportSetTests
{
    [Fact]
    public async Task Writes_the_four_reports_as_utf8_without_bom()
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("conf-set").FullName, "nested", "run");

        await ReportSet.WriteAsync(RunResultBuilder.Typical().Build(), dir, TestContext.Current.CancellationToken);

        Assert.Equal(
            new[] { ReportSet.Html, ReportSet.JUnit, ReportSet.Json, ReportSet.Markdown }.Order(),
            Directory.GetFiles(dir).Select(Path.GetFileName).Order());
        foreach (var file in Directory.GetFiles(dir))
        {
            var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
            Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), $"{file} starts with a BOM");
        }

        Assert.Equal("flux", JsonReport.Read(Path.Combine(dir, ReportSet.Json)).Profile);
    }

    [Fact]
    public async Task A_run_that_never_started_still_gets_all_four_reports()
    {
        var dir = Directory.CreateTempSubdirectory("conf-set").FullName;
        var result = new RunResultBuilder().WithInfrastructureError("target would not start: exit 1\nport 9443 in use").Build();

        await ReportSet.WriteAsync(result, dir, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.InfrastructureError, result.ExitCode);
        var html = await File.ReadAllTextAsync(Path.Combine(dir, ReportSet.Html), TestContext.Current.CancellationToken);
        Assert.Contains("UNDECIDED (infrastructure error)", html, StringComparison.Ordinal);
        Assert.Contains("port 9443 in use", html, StringComparison.Ordinal);
        Assert.Empty(JsonReport.Read(Path.Combine(dir, ReportSet.Json)).Scenarios);
        Assert.Equal("0", (string)System.Xml.Linq.XDocument.Load(Path.Combine(dir, ReportSet.JUnit)).Root!.Attribute("tests")!);
    }

    [Theory]
    [InlineData("-----BEGIN\u0020PRIVATE KEY-----\nMIIE...")]
    [InlineData("log: -----BEGIN\u0020RSA PRIVATE KEY----- oops")]
    [InlineData("-----BEGIN\u0020EC PRIVATE KEY-----")]
    [InlineData("-----BEGIN\u0020ENCRYPTED PRIVATE KEY-----")]
    [InlineData("-----BEGIN\u0020OPENSSH PRIVATE KEY-----")]
    public void Guard_detects_pem_private_key_blocks(string text) => Assert.True(ReportSafety.ContainsPrivateKeyMaterial(text));

    [Theory]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB")]
    [InlineData("-----BEGIN PUBLIC KEY-----")]
    [InlineData("the private key was not found")]
    [InlineData("")]
    [InlineData(null)]
    public void Guard_ignores_certificates_and_prose(string? text) => Assert.False(ReportSafety.ContainsPrivateKeyMaterial(text));

    [Fact]
    public async Task Refuses_to_write_a_report_holding_a_private_key_and_writes_nothing()
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("conf-set").FullName, "run");
        var leaked = new RunResultBuilder()
            .Add("LG-04", "logs", Level.Must, VerdictKind.Fail, "key in log", new NoteEvidence("line: -----BEGIN\u0020PRIVATE KEY-----\nMIIEvQ...\n-----END PRIVATE KEY-----"))
            .Build();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ReportSet.WriteAsync(leaked, dir, TestContext.Current.CancellationToken));

        Assert.Contains("private key", ex.Message, StringComparison.Ordinal);
        Assert.Contains("scenario LG-04", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MIIEvQ", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any());
    }
}
