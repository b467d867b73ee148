namespace Conformance.Suites.Tests.Hostile;

/// <summary>
/// The endpoint profile the hostile corpus is judged against: it claims every property a refusal scenario judges
/// (TLS with plaintext refused, a redirect port, unknown SNI refused, a TLS floor, a content marker).
/// </summary>
internal static class HostileProfile
{
    public static async Task<string> WriteAsync(string path, string name, int httpsPort, int httpPort, CancellationToken ct)
    {
        await File.WriteAllTextAsync(path, $"""
            apiVersion: conformance/v1
            name: {name}
            target: {"{"} kind: endpoint {"}"}
            endpoints:
              https: {"{"} port: "{httpsPort}", serverName: app.hostile.test {"}"}
              http: {"{"} port: "{httpPort}", plaintext: redirect, redirectsTo: https {"}"}
            pki:
              serverNames: [app.hostile.test]
            claims:
              oldPort: redirect
              redirect: {"{"} status: 301 {"}"}
              tls: {"{"} min: "1.2", alpn: [http/1.1] {"}"}
              sni: {"{"} unknown: refuse {"}"}
              content: {"{"} path: /, marker: hostile-content-marker {"}"}
            """, ct);
        return path;
    }
}
