using Conformance.Model;

namespace Conformance.Cli.Commands;

/// <summary>What one profile's run ended with: its exit code, its result (null when it never ran) and its run folder (null when nothing was written).</summary>
internal sealed record RunOutcome(int ExitCode, RunResult? Result, string? Folder);
