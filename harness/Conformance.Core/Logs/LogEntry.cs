
namespace Conformance.Logs;

/// <summary>A captured line as its catalog reads it: the message (the JSON message field, or the whole text) and its level.</summary>
public sealed record LogEntry(LogLine Line, string Message, string? Level);
