using Conformance.Evidence;

namespace Conformance.Probes;

/// <summary>A parsed HTTP/1.x status line and headers; <see cref="HeadLength"/> is -1 when the blank line has not arrived.</summary>
internal sealed record HttpResponseHead(string StatusLine, int Status, string Reason, IReadOnlyList<HttpHeader> Headers, int HeadLength)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;
}
