using System.Runtime.InteropServices;

namespace Conformance.Load;

/// <summary>
/// One request, recorded compactly (24 bytes): when it started (a <see cref="TimeProvider"/> timestamp), how long it
/// took, on which connection, what it got, which certificate generation served it and which client population sent it.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public readonly record struct RequestRecord(
    long StartTimestamp,
    uint DurationMicros,
    int ConnectionId,
    short Status,
    RequestOutcome Outcome,
    byte Generation,
    byte Population,
    byte Flags);
