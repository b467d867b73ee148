using System.Diagnostics;

namespace Conformance.Suites.Tests.Support;

/// <summary>Bounded polling: a condition checked every 50 ms until it holds, or a <see cref="TimeoutException"/> at the deadline.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        while (!await condition())
        {
            if (started.Elapsed > timeout)
            {
                throw new TimeoutException($"condition not met within {timeout}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, cancellationToken);
}
