using System.Diagnostics;

namespace Conformance.Suites.Tests.Support;

/// <summary>
/// A server's own PKI made with the openssl command line, the way an operator would: a server CA and leaf, a client
/// CA (PKCS#8 EC key) and a client certificate with the clientAuth EKU (traditional RSA key). Key files are 0600.
/// </summary>
internal static class OpenSslPki
{
    public static bool Available => File.Exists("/usr/bin/openssl");

    /// <summary>Writes server-ca.pem, server.pem/.key, client-ca.pem/.key, client.pem/.key into <paramref name="dir"/>.</summary>
    public static async Task CreateAsync(string dir, CancellationToken ct)
    {
        string F(string name) => Path.Combine(dir, name);
        await File.WriteAllTextAsync(F("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=critical,CA:FALSE\n", ct);
        await File.WriteAllTextAsync(F("client.ext"), "extendedKeyUsage=clientAuth\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n", ct);
        string[][] steps =
        [
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", F("server-ca.key"), "-out", F("server-ca.pem"), "-subj", "/CN=Own Server CA", "-days", "2"],
            ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", F("server.key"), "-out", F("server.csr"), "-subj", "/CN=localhost"],
            ["x509", "-req", "-in", F("server.csr"), "-CA", F("server-ca.pem"), "-CAkey", F("server-ca.key"), "-CAcreateserial", "-out", F("server.pem"), "-days", "1", "-extfile", F("server.ext")],
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", F("client-ca.key"), "-out", F("client-ca.pem"), "-subj", "/CN=Own Client CA", "-days", "2"],
            ["genrsa", "-traditional", "-out", F("client.key"), "2048"],
            ["req", "-new", "-key", F("client.key"), "-out", F("client.csr"), "-subj", "/O=Own Org/CN=app-client"],
            ["x509", "-req", "-in", F("client.csr"), "-CA", F("client-ca.pem"), "-CAkey", F("client-ca.key"), "-CAcreateserial", "-out", F("client.pem"), "-days", "1", "-extfile", F("client.ext")],
        ];
        foreach (var args in steps)
        {
            await RunAsync(args, ct);
        }

        if (!OperatingSystem.IsWindows())
        {
            foreach (var key in Directory.EnumerateFiles(dir, "*.key"))
            {
                File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }

    private static async Task RunAsync(string[] args, CancellationToken ct)
    {
        var info = new ProcessStartInfo("openssl") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info) ?? throw new InvalidOperationException("openssl did not start");
        var stderr = p.StandardError.ReadToEndAsync(ct);
        _ = p.StandardOutput.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {args[0]} failed: {await stderr}");
        }
    }
}
