using Conformance.Logs;

namespace Conformance.Targets;

/// <summary>What happened when the implementation was started with altered inputs.</summary>
public sealed record StartAttempt(bool BecameReady, bool Exited, int? ExitCode, IReadOnlyList<LogLine> Output, TimeSpan Elapsed, string Command);
