using Conformance.Model;

namespace Conformance.Engine;

/// <summary>One check with a stable ID. Implementations record evidence in the context and return a verdict.</summary>
public interface IScenario
{
    ScenarioInfo Info { get; }

    /// <summary>Runs the check. A harness failure returns <see cref="Verdict.Error"/> or throws; it never becomes a fail.</summary>
    Task<Verdict> RunAsync(ScenarioContext context, CancellationToken cancellationToken);
}
