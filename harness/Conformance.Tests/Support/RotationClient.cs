using System.Net.Sockets;
using System.Security.Authentication;
using Conformance.Pki;

namespace Conformance.Tests.Support;

/// <summary>Helpers shared by the rotation tests: new pairs from a CA, the leaf a fresh handshake gets, keep-alive requests.</summary>
public static class RotationClient
{
    /// <summary>A new leaf for <paramref name="dnsNames"/> (and 127.0.0.1) from <paramref name="issuer"/>, as (chain PEM, key PEM, thumbprint).</summary>
    public static (string CertPem, string KeyPem, string Thumbprint) NewPair(CertificateAuthority issuer, params string[] dnsNames)
    {
        using var leaf = issuer.Issue(new LeafSpecBuilder().WithCommonName(dnsNames[0]).WithDnsNames(dnsNames).WithIpAddresses("127.0.0.1").Build());
        return (PemWriter.CertificatesPem(leaf.ServedChain), PemWriter.PrivateKeyPem(leaf.Certificate), leaf.Certificate.Thumbprint);
    }

    /// <summary>The leaf a new handshake gets, or null when the handshake (or the connection) fails.</summary>
    public static async Task<string?> ServedThumbprintAsync(int port, string? serverName, CancellationToken ct)
    {
        try
        {
            await using var tls = await TlsConnection.ConnectAsync(port, serverName, SslProtocols.None, ct);
            return tls.Leaf.Thumbprint;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException)
        {
            return null;
        }
    }

    /// <summary>One keep-alive HTTP/1.1 request on an open TLS connection (the connection stays open).</summary>
    public static Task<RawResponse> KeepAliveAsync(TlsConnection connection, string target, CancellationToken ct) =>
        RawHttp.ExchangeAsync(connection.Stream, $"GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n", head: false, ct);

    /// <summary>True when <paramref name="e"/> (or an inner exception) is a TCP reset.</summary>
    public static bool IsReset(Exception e) =>
        e is SocketException { SocketErrorCode: SocketError.ConnectionReset } || (e.InnerException is { } inner && IsReset(inner));
}
