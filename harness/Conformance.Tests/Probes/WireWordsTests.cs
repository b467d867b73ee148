using System.Net.Sockets;
using System.Security.Authentication;
using Conformance.Evidence;
using Conformance.Probes;

namespace Conformance.Tests.Probes;

/// <summary>Reasons say what the wire showed (alert name and number, close, reset, non-TLS bytes), never .NET exception text.</summary>
public sealed class WireWordsTests
{
    // SslStream's outer texts on Linux: they name the client's plumbing, not anything the server did.
    private const string Decrypt = "The decryption operation failed, see inner exception.";
    private const string SslError = "Decrypt failed with OpenSSL error - SSL_ERROR_SSL.";

    public static TheoryData<Exception, string> Exceptions() => new()
    {
        { new AuthenticationException("Authentication failed, see inner exception.", new InvalidOperationException("SSL Handshake failed with OpenSSL error - SSL_ERROR_SSL.", new InvalidOperationException("error:0A00042E:SSL routines::tlsv1 alert protocol version"))), "alert protocol_version (70)" },
        { new IOException(Decrypt, new InvalidOperationException(SslError, new InvalidOperationException("error:0A00045C:SSL routines::tlsv13 alert certificate required"))), "alert certificate_required (116)" },
        { new IOException("Unable to read data from the transport connection: Connection reset by peer.", new SocketException((int)SocketError.ConnectionReset)), "reset" },
        { new IOException("Received an unexpected EOF or 0 bytes from the transport stream."), "closed without an alert" },
        { new AuthenticationException("Authentication failed, see inner exception.", new InvalidOperationException("SSL Handshake failed with OpenSSL error - SSL_ERROR_SSL.", new InvalidOperationException("error:0A00010B:SSL routines::wrong version number"))), "the client's TLS library ended the connection (wrong version number); no alert from the server" },
        { new IOException(Decrypt, new InvalidOperationException(SslError)), "a TLS record the client could not process; no alert from the server" },
        { new IOException("Unable to read data", new InvalidOperationException("SSL_ERROR_SYSCALL")), "closed without close_notify" },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Exception_chain_is_described_by_what_the_wire_showed(Exception exception, string expected)
    {
        var words = ProbeErrors.Describe(exception);

        Assert.Equal(expected, words);
        Assert.DoesNotContain("see inner exception", words, StringComparison.Ordinal);
        Assert.DoesNotContain("SSL_ERROR_SSL", words, StringComparison.Ordinal);
    }

    public static TheoryData<HandshakeOutcome, TlsAlert?, string?, string> Outcomes() => new()
    {
        { HandshakeOutcome.RefusedInHandshake, TlsAlert.From(2, 70), "alert protocol_version (70)", "refused in the handshake with alert protocol_version (70)" },
        { HandshakeOutcome.RefusedAfterHandshake, null, "closed after handshake", "closed after handshake" },
        { HandshakeOutcome.RefusedAfterHandshake, TlsAlert.From(2, 116), "closed after handshake (alert certificate_required (116))", "closed after handshake with alert certificate_required (116)" },
        { HandshakeOutcome.Reset, null, null, "reset" },
        { HandshakeOutcome.ClosedCleanly, null, null, "closed without an alert" },
        { HandshakeOutcome.NonTlsAnswer, null, "4 non-TLS bytes (5A5A5A5A, \"ZZZZ\")", "4 non-TLS bytes (5A5A5A5A, \"ZZZZ\")" },
        { HandshakeOutcome.TimedOut, null, "no handshake answer before the deadline", "no answer before the deadline" },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Handshake_outcome_is_described_in_wire_words(HandshakeOutcome outcome, TlsAlert? alert, string? detail, string expected)
    {
        var e = new HandshakeEvidence("https", "127.0.0.1", 443, "app.example", null, null, null, [], outcome, alert, detail, 1);

        Assert.Equal(expected, HandshakeWords.Describe(e));
    }
}
