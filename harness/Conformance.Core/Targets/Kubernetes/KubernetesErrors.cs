using System.Net;
using System.Net.Sockets;
using Conformance.Model;
using k8s.Autorest;
using k8s.Exceptions;

namespace Conformance.Targets.Kubernetes;

/// <summary>Turns what KubernetesClient throws into one line naming what the harness was doing; never a stack trace.</summary>
internal static class KubernetesErrors
{
    public static bool IsApiFailure(Exception e) =>
        e is HttpOperationException or HttpRequestException or KubeConfigException or KubernetesClientException or SocketException or System.Net.WebSockets.WebSocketException
        || (e is TaskCanceledException or TimeoutException && e.InnerException is TimeoutException or SocketException);

    public static bool IsNotFound(Exception e) => e is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound };

    public static bool IsConflict(Exception e) => e is HttpOperationException { Response.StatusCode: HttpStatusCode.Conflict };

    public static TargetException Wrap(string doing, Uri? server, Exception e)
    {
        var where = server is null ? "the Kubernetes API server" : $"the Kubernetes API server {server.GetLeftPart(UriPartial.Authority)}";
        var why = e switch
        {
            HttpOperationException h => $"{(int)h.Response.StatusCode} {h.Response.ReasonPhrase}{Message(h.Response.Content)}",
            HttpRequestException { InnerException: SocketException s } => $"unreachable ({s.SocketErrorCode})",
            HttpRequestException h => $"unreachable ({h.Message})",
            KubeConfigException k => k.Message,
            _ => e.Message,
        };
        return new TargetException($"{doing}: {where}: {why}".Replace('\n', ' '), e);
    }

    private static string Message(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return string.Empty;
        }

        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(content);
            return doc.RootElement.TryGetProperty("message", out var m) ? $" ({m.GetString()})" : string.Empty;
        }
        catch (System.Text.Json.JsonException)
        {
            return string.Empty;
        }
    }
}
