using System.Net;
using Conformance.Evidence;
using Conformance.Fixtures;
using Conformance.Pki;
using Conformance.Probes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Conformance.Tests.Probes;

/// <summary>
/// The handshake probe's answer on an HTTP/2-only endpoint (the served control of an h2-only profile): the server's
/// SETTINGS frame is the answer, and the server keeps the connection open after it, so the read must end at the first
/// frame rather than at the read deadline.
/// </summary>
public sealed class Http2AnswerTests : IDisposable
{
    private readonly CertificateAuthority _root = CertificateAuthority.CreateRoot("h2 root");
    private readonly IssuedCertificate _leaf;

    public Http2AnswerTests() => _leaf = _root.Issue(new LeafSpecBuilder().WithDnsNames("h2.test").Build());

    public void Dispose()
    {
        _leaf.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task Settings_frame_ends_the_read_without_waiting_for_the_deadline()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [NoConfigWatch.Argument] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(_leaf.Certificate);
        }));
        await using var app = builder.Build();
        app.MapGet("/", () => "ok");
        await app.StartAsync(ct);
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;

        // Fake time never advances: a read that waited for its deadline would never end, and the bounded real-time wait
        // below would fail instead of hanging.
        var probe = new HandshakeProbe(new ProbeOptions(), new FakeTimeProvider());
        var connect = probe.ConnectAsync(new HandshakeRequest("h2", "127.0.0.1", port, "h2.test") { Alpn = ["h2"], RequestPathAfterHandshake = "/" }, ct);
        var finished = await Task.WhenAny(connect, Task.Delay(TimeSpan.FromSeconds(30), ct));

        Assert.True(finished == connect, "the probe kept reading after the server's SETTINGS frame");
        using var result = await connect;
        Assert.Equal(HandshakeOutcome.Accepted, result.Evidence.Outcome);
        Assert.Equal("h2", result.Evidence.Alpn);
        Assert.Equal("h2: server SETTINGS received", result.Evidence.Detail);
    }
}
