namespace Conformance.Evidence;

/// <summary>A TLS alert as read off the wire (RFC 8446 §6).</summary>
public sealed record TlsAlert(byte Level, byte Code, string Name)
{
    public static TlsAlert From(byte level, byte code) => new(level, code, TlsAlertNames.NameOf(code));

    public override string ToString() => $"{Name} ({Code})";
}
