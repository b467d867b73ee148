namespace Conformance.Probes;

/// <summary>What the probes need to know about request methods.</summary>
internal static class HttpMethods
{
    /// <summary>Methods whose requests carry content (RFC 9110 8.6: the client sends Content-Length even when it is 0).</summary>
    public static bool DefinesContent(string method) =>
        method.Equals("POST", StringComparison.OrdinalIgnoreCase)
        || method.Equals("PUT", StringComparison.OrdinalIgnoreCase)
        || method.Equals("PATCH", StringComparison.OrdinalIgnoreCase);
}
