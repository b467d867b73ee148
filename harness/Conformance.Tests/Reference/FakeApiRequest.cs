namespace Conformance.Tests.Reference;

/// <summary>One request the <see cref="FakeConfigMapApi"/> received.</summary>
public sealed record FakeApiRequest(string Path, string RawQuery, string LabelSelector, string Authorization)
{
    /// <summary>The namespace the tests' service account names.</summary>
    public const string Namespace = "conformance-tb";
}
