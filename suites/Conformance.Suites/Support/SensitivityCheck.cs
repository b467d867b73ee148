namespace Conformance.Suites.Support;

/// <summary>
/// One run's sensitivity check (<see cref="Sensitivity"/>): started by the first scenario that asks and handed, as
/// it ended, to every later one, so the CA is swapped without overlap once per run.
/// </summary>
internal sealed class SensitivityCheck
{
    private readonly Lock _gate = new();
    private Task<SensitivityResult>? _result;

    public Task<SensitivityResult> GetAsync(Func<Task<SensitivityResult>> run)
    {
        lock (_gate)
        {
            return _result ??= run();
        }
    }
}
