namespace Conformance.Logs;

/// <summary>The action after which an expected line must appear (a catalog entry's <c>when.after</c>).</summary>
public enum LogTrigger
{
    /// <summary>The implementation was started (or restarted).</summary>
    Start,

    /// <summary>A new, valid certificate and key were installed (each rotation step that changes the served pair).</summary>
    Rotation,

    /// <summary>An invalid certificate or pair was delivered at runtime.</summary>
    BadCertificate,
}
