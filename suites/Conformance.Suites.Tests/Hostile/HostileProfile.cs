using Conformance.Pki;

namespace Conformance.Suites.Tests.Hostile;

/// <summary>
/// The endpoint profile the hostile corpus is judged against: it claims every property a refusal scenario judges
/// (TLS with plaintext refused, a redirect port, unknown SNI refused, a TLS floor, a content marker), and with
/// <c>mutualTls</c> also client certificates required from the implementation's own client CA (<c>client:</c>).
/// </summary>
internal static class HostileProfile
{
    /// <summary>Writes the profile; <c>apiPort</c> adds a second TLS endpoint (<c>api</c>) for PT-04, which judges the TLS endpoints besides the primary one.</summary>
    public static async Task<string> WriteAsync(string path, string name, int httpsPort, int httpPort, CancellationToken ct, bool mutualTls = false, int? apiPort = null)
    {
        var api = apiPort is { } p ? $"{Environment.NewLine}  api: {{ port: \"{p}\", serverName: app.hostile.test }}" : string.Empty;
        var client = mutualTls ? ", clientAuth: required, client: { cert: client.pem, key: client.key, ca: client-ca.pem, caKey: client-ca.key }" : string.Empty;
        if (mutualTls)
        {
            WriteClientIdentity(Path.GetDirectoryName(path)!);
        }

        await File.WriteAllTextAsync(path, $$"""
            apiVersion: conformance/v1
            name: {{name}}
            target: { kind: endpoint }
            endpoints:
              https: { port: "{{httpsPort}}", serverName: app.hostile.test{{client}} }{{api}}
              http: { port: "{{httpPort}}", plaintext: redirect, redirectsTo: https }
            pki:
              serverNames: [app.hostile.test]
            claims:
              oldPort: redirect
              redirect: { status: 301 }
              tls: { min: "1.3", alpn: [http/1.1] }
              sni: { unknown: refuse }
              content: { path: /, marker: hostile-content-marker }
            """, ct);
        return path;
    }

    /// <summary>A client CA and a valid clientAuth identity it issued, as the operator of an mTLS site would hold them.</summary>
    private static void WriteClientIdentity(string dir)
    {
        using var ca = CertificateAuthority.CreateRoot("hostile site client CA");
        using var client = ca.Issue(new LeafSpecBuilder().WithCommonName("hostile-site-client").WithEku(EkuSpec.ClientAuth).Build());
        PemWriter.WriteCertificates(Path.Combine(dir, "client.pem"), [client.Certificate]);
        PemWriter.WritePrivateKey(Path.Combine(dir, "client.key"), client.Certificate);
        PemWriter.WriteCertificates(Path.Combine(dir, "client-ca.pem"), [ca.Certificate]);
        PemWriter.WritePrivateKey(Path.Combine(dir, "client-ca.key"), ca.Certificate);
    }
}
