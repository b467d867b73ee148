namespace Conformance.Probes;

/// <summary>A TLS protocol version the version probe can offer on its own.</summary>
public enum TlsVersion
{
    Tls10,
    Tls11,
    Tls12,
    Tls13,
}

/// <summary>Wire codes and display names of <see cref="TlsVersion"/>.</summary>
public static class TlsVersions
{
    /// <summary>All four, oldest first.</summary>
    public static IReadOnlyList<TlsVersion> All { get; } = [TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12, TlsVersion.Tls13];

    /// <summary>The protocol version number on the wire (0x0301 … 0x0304).</summary>
    public static ushort Code(this TlsVersion version) => version switch
    {
        TlsVersion.Tls10 => 0x0301,
        TlsVersion.Tls11 => 0x0302,
        TlsVersion.Tls12 => 0x0303,
        TlsVersion.Tls13 => 0x0304,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, null),
    };

    /// <summary>"TLS 1.0" … "TLS 1.3".</summary>
    public static string DisplayName(this TlsVersion version) => Name(version.Code());

    /// <summary>The name of a wire version code: "SSL 3.0", "TLS 1.0" … "TLS 1.3", or hex for anything else.</summary>
    public static string Name(ushort code) => code switch
    {
        0x0300 => "SSL 3.0",
        0x0301 => "TLS 1.0",
        0x0302 => "TLS 1.1",
        0x0303 => "TLS 1.2",
        0x0304 => "TLS 1.3",
        _ => $"0x{code:X4}",
    };
}
