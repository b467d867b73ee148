namespace Conformance.Tests.Support;

/// <summary>An HTTP/1.1 response as read off the wire: status, headers in order (names as sent), raw body bytes.</summary>
public sealed record RawResponse(int Status, string StatusLine, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>The single value of a header (case-insensitive name), or null.</summary>
    public string? Header(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).SingleOrDefault();

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
