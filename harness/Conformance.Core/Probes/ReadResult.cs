namespace Conformance.Probes;

/// <summary>The bytes a probe read (up to its cap), how many arrived in total, and why reading stopped.</summary>
internal sealed record ReadResult(byte[] Data, long TotalBytes, ReadEnd End, Exception? Error);
