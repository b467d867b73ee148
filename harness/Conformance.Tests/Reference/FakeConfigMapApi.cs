using System.Net;
using System.Text.Json;
using Conformance.Pki;
using Conformance.Targets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conformance.Tests.Reference;

/// <summary>
/// A stand-in for the Kubernetes API server's reads, for the reference's <c>--trust-bundles-from kubernetes</c> (the
/// ConfigMap list) and <c>--tls-secret-from kubernetes</c> (one Secret): real HTTPS (Kestrel on 127.0.0.1, port 0, a
/// leaf the test chose), every request recorded (path, query, Authorization), and one answer the test changes while
/// the reference polls: a ConfigMapList of the bundles set, a Secret (<see cref="Secret"/>), or a failure (a status
/// with a Kubernetes Status body, or a body that is not JSON).
/// </summary>
public sealed class FakeConfigMapApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<FakeApiRequest> _requests = [];
    private readonly Lock _gate = new();
    private (int Status, string Body) _answer = (200, List([]));

    private FakeConfigMapApi(WebApplication app) => _app = app;

    public int Port { get; private set; }

    /// <summary>Requests so far, oldest first.</summary>
    public IReadOnlyList<FakeApiRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeConfigMapApi> StartAsync(IssuedCertificate certificate, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(https => https.ServerCertificate = certificate.Certificate);
        }));
        var app = builder.Build();
        var api = new FakeConfigMapApi(app);
        app.Run(api.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        api.Port = new Uri(address).Port;
        return api;
    }

    /// <summary>From now on the list holds exactly <paramref name="bundles"/>.</summary>
    public void Serve(params TrustBundle[] bundles) => Answer(200, List(bundles));

    /// <summary>From now on every request gets <paramref name="status"/> and <paramref name="body"/>.</summary>
    public void Answer(int status, string body)
    {
        lock (_gate)
        {
            _answer = (status, body);
        }
    }

    /// <summary>A Kubernetes Status body, as the API server answers a refused request.</summary>
    public static string Status(int code, string reason, string message) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    });

    /// <summary>A Secret as the API server answers <c>GET …/secrets/NAME</c>: <paramref name="data"/> values are base64.</summary>
    public static string Secret(string name, string type, IReadOnlyDictionary<string, string> data, string resourceVersion = "1") =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["kind"] = "Secret",
            ["apiVersion"] = "v1",
            ["metadata"] = new Dictionary<string, object> { ["name"] = name, ["namespace"] = FakeApiRequest.Namespace, ["resourceVersion"] = resourceVersion },
            ["type"] = type,
            ["data"] = data,
        });

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        (int Status, string Body) answer;
        lock (_gate)
        {
            _requests.Add(new FakeApiRequest(context.Request.Path.Value ?? string.Empty, context.Request.QueryString.Value ?? string.Empty, context.Request.Query["labelSelector"].ToString(), context.Request.Headers.Authorization.ToString()));
            answer = _answer;
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }

    private static string List(IEnumerable<TrustBundle> bundles) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["kind"] = "ConfigMapList",
        ["apiVersion"] = "v1",
        ["metadata"] = new Dictionary<string, string> { ["resourceVersion"] = "1" },
        ["items"] = bundles.Select(b => new Dictionary<string, object>
        {
            ["metadata"] = new Dictionary<string, object> { ["name"] = b.Name, ["namespace"] = FakeApiRequest.Namespace, ["labels"] = b.Labels },
            ["data"] = b.Data,
        }).ToArray(),
    });
}
