using Conformance.Probes;

namespace Conformance.Tests.Probes;

public sealed class OpenSslAlertsTests
{
    [Theory]
    [InlineData("error:0A000410:SSL routines::sslv3 alert handshake failure", 40)]
    [InlineData("error:0A00042E:SSL routines::tlsv1 alert protocol version", 70)]
    [InlineData("error:0A00045C:SSL routines::tlsv13 alert certificate required", 116)]
    [InlineData("error:14094418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca", 48)]
    [InlineData("SSL alert number 80", 80)]
    [InlineData("tlsv1 alert no application protocol", 120)]
    public void Alert_code_is_read_from_openssl_error_text(string message, byte code)
    {
        Assert.Equal((byte?)code, OpenSslAlerts.FromText(message)?.Code);
    }

    [Theory]
    [InlineData("error:0A00010B:SSL routines::wrong version number")]
    [InlineData("Received an unexpected EOF or 0 bytes from the transport stream.")]
    public void Errors_that_are_not_alerts_give_no_alert(string message)
    {
        Assert.Null(OpenSslAlerts.FromText(message));
    }
}
