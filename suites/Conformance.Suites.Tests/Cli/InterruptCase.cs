using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Cli;

/// <summary>One cell of the interruption matrix: the CLI arguments, whom to signal, which signals, and the moment to send them at.</summary>
internal sealed record InterruptCase(string Name, string[] Args, bool Group, string[] Signals, Func<CliProcess, string, CancellationToken, Task<bool>> Moment, HungMode Hung = HungMode.None);
