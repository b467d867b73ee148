using System.Diagnostics;

namespace Conformance.Tests.Support;

/// <summary>Bounded polling for the tests: no fixed sleeps, a condition checked until it holds or the deadline passes.</summary>
public static class Poll
{
    /// <summary>Polls <paramref name="condition"/> every 50 ms; returns the time it took, or throws with <paramref name="what"/> at the deadline.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return started.Elapsed;
            }

            if (started.Elapsed > timeout)
            {
                throw new TimeoutException($"not within {timeout}: {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    public static Task<TimeSpan> UntilAsync(Func<bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what, cancellationToken);
}
