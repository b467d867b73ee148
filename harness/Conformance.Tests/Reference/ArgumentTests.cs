using System.Net;
using System.Net.Sockets;
using Conformance.Tests.Support;

namespace Conformance.Tests.Reference;

/// <summary>Bad input makes the server exit non-zero with exactly one line on stderr naming the problem, no stack trace.</summary>
public sealed class ArgumentTests(ReferencePki pki)
{
    [Theory]
    [InlineData("no-args", "--https")]
    [InlineData("bad-port", "--https")]
    [InlineData("unknown-option", "unknown argument '--frobnicate'")]
    [InlineData("feldera-http", "--http is not allowed in feldera mode")]
    [InlineData("http-without-base", "--redirect-base")]
    [InlineData("relative-base", "--redirect-base")]
    [InlineData("missing-cert-file", "cannot read")]
    [InlineData("malformed-cert", "malformed")]
    [InlineData("key-mismatch", "does not match")]
    [InlineData("unknown-mutant", "--mutant 'nope' is unknown")]
    [InlineData("reissue-without-ca", "needs --ca-cert")]
    [InlineData("sni-unpaired", "pair up")]
    [InlineData("bad-tls-min", "--tls-min")]
    [InlineData("duplicate-port", "distinct")]
    [InlineData("mutant-without-ip-san", "no iPAddress SAN")]
    public async Task Bad_input_exits_non_zero_with_one_clear_line(string name, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        const string port = "18443";
        string[] args = name switch
        {
            "no-args" => [],
            "bad-port" => ["--https", "70000", .. pki.CertArgs],
            "unknown-option" => ["--https", port, .. pki.CertArgs, "--frobnicate"],
            "feldera-http" => ["--mode", "feldera", "--https", port, "--http", "18080", "--redirect-base", "https://localhost:8443", .. pki.CertArgs],
            "http-without-base" => ["--https", port, "--http", "18080", .. pki.CertArgs],
            "relative-base" => ["--https", port, "--http", "18080", "--redirect-base", "/somewhere", .. pki.CertArgs],
            "missing-cert-file" => ["--https", port, "--cert", pki.Missing, "--key", pki.Key],
            "malformed-cert" => ["--https", port, "--cert", pki.Malformed, "--key", pki.Key],
            "key-mismatch" => ["--https", port, "--cert", pki.Cert, "--key", pki.OtherKey()],
            "unknown-mutant" => ["--https", port, .. pki.CertArgs, "--mutant", "nope"],
            "reissue-without-ca" => ["--https", port, .. pki.CertArgs, "--mutant", "SanMissing"],
            "sni-unpaired" => ["--https", port, .. pki.CertArgs, "--sni-cert", pki.SniCert],
            "bad-tls-min" => ["--https", port, .. pki.CertArgs, "--tls-min", "1.1"],
            "duplicate-port" => ["--https", port, "--https", port, .. pki.CertArgs],
            "mutant-without-ip-san" => ["--https", port, "--cert", pki.SniCert, "--key", pki.SniKey, .. pki.CaArgs, "--mutant", "ipsanasdns"],
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        var (exit, stdout, stderr) = await ReferenceProcess.RunToExitAsync(args, ct);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", stderr, StringComparison.Ordinal);
    }

    /// <summary>CONFORMANCE_REFERENCE_MUTANT stands for --mutant (how mutant profiles select it through target.env).</summary>
    [Theory]
    [InlineData("DropsQuery", "SanMissing", "--mutant DropsQuery and CONFORMANCE_REFERENCE_MUTANT=SanMissing disagree")]
    [InlineData(null, "nope", "CONFORMANCE_REFERENCE_MUTANT 'nope' is unknown")]
    [InlineData(null, "SanMissing", "needs --ca-cert")]
    public async Task The_mutant_variable_selects_like_the_argument_and_a_disagreement_is_one_line(string? argument, string variable, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        string[] args = ["--https", "18443", .. pki.CertArgs, .. argument is null ? Array.Empty<string>() : ["--mutant", argument]];

        var (exit, _, stderr) = await ReferenceProcess.RunToExitAsync(args, ct, new Dictionary<string, string> { ["CONFORMANCE_REFERENCE_MUTANT"] = variable });

        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_already_in_use_exits_1_with_one_line()
    {
        var ct = TestContext.Current.CancellationToken;
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var (exit, _, stderr) = await ReferenceProcess.RunToExitAsync(["--https", $"{port}", .. pki.CertArgs], ct);

        Assert.Equal(1, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cannot start", line, StringComparison.Ordinal);
    }
}
