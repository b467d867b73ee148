using Conformance.Evidence;
namespace Conformance.Load;

/// <summary>Computes a <see cref="LoadSummary"/> from the records alone (nothing is counted on the side).</summary>
public static class LoadSummarizer
{
    /// <summary>Width of a timeline slot.</summary>
    public const double SlotMs = 10;

    private static readonly string[] OutcomeNames = [.. Enum.GetValues<RequestOutcome>().Select(OutcomeName)];

    /// <summary>The kebab-case name of an outcome, as used in summaries and evidence (e.g. <c>closed-mid-request</c>).</summary>
    public static string OutcomeName(RequestOutcome outcome) => outcome switch
    {
        RequestOutcome.Ok => "ok",
        RequestOutcome.HttpError => "http-error",
        RequestOutcome.Untrusted => "untrusted",
        RequestOutcome.RefusedInHandshake => "refused-in-handshake",
        RequestOutcome.Reset => "reset",
        RequestOutcome.ClosedMidRequest => "closed-mid-request",
        RequestOutcome.ClosedBeforeResponse => "closed-before-response",
        RequestOutcome.TimedOut => "timed-out",
        RequestOutcome.ConnectionRefused => "connection-refused",
        RequestOutcome.OtherError => "other-error",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Totals; failures by class (non-zero classes only); the longest gap between the completions of two consecutive
    /// successful requests (the whole run when fewer than two succeeded); per-generation counts of requests that got
    /// a response; per-population totals with first and last failure (by request start); a dense 10 ms timeline by
    /// request start; requests/s over the run.
    /// </summary>
    public static LoadSummary Summarize(RequestRecord[] records, IReadOnlyList<string> populations, long startTimestamp, long endTimestamp, long frequency, int connections)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(populations);
        double Ms(long ticks) => ticks * 1000.0 / frequency;
        var ticksPerMicro = frequency / 1_000_000.0;
        var byClass = new long[OutcomeNames.Length];
        var popTotal = new long[populations.Count];
        var popOk = new long[populations.Count];
        var popClass = new long[populations.Count, OutcomeNames.Length];
        var popFirst = new long[populations.Count];
        var popLast = new long[populations.Count];
        Array.Fill(popFirst, long.MaxValue);
        Array.Fill(popLast, long.MinValue);
        var perGeneration = new SortedDictionary<int, long>();
        var successEnds = new long[records.Length];
        var ok = 0;
        var lastSlot = -1;
        foreach (ref readonly var r in records.AsSpan())
        {
            lastSlot = Math.Max(lastSlot, Slot(r.StartTimestamp));
        }

        var timelineOk = new int[lastSlot + 1];
        var timelineFailed = new int[lastSlot + 1];
        foreach (ref readonly var r in records.AsSpan())
        {
            var slot = Slot(r.StartTimestamp);
            var p = r.Population;
            popTotal[p]++;
            if (r.Outcome is RequestOutcome.Ok or RequestOutcome.HttpError && r.Generation != byte.MaxValue)
            {
                perGeneration[r.Generation] = perGeneration.GetValueOrDefault(r.Generation) + 1;
            }

            if (r.Outcome == RequestOutcome.Ok)
            {
                successEnds[ok++] = r.StartTimestamp + (long)(r.DurationMicros * ticksPerMicro);
                popOk[p]++;
                timelineOk[slot]++;
            }
            else
            {
                byClass[(int)r.Outcome]++;
                popClass[p, (int)r.Outcome]++;
                popFirst[p] = Math.Min(popFirst[p], r.StartTimestamp);
                popLast[p] = Math.Max(popLast[p], r.StartTimestamp);
                timelineFailed[slot]++;
            }
        }

        var duration = Ms(Math.Max(0, endTimestamp - startTimestamp));
        double gap = duration, gapStart = 0;
        if (ok >= 2)
        {
            Array.Sort(successEnds, 0, ok);
            long longest = -1, at = 0;
            for (var i = 1; i < ok; i++)
            {
                var d = successEnds[i] - successEnds[i - 1];
                if (d > longest)
                {
                    longest = d;
                    at = successEnds[i - 1];
                }
            }

            gap = Ms(longest);
            gapStart = Ms(at - startTimestamp);
        }

        var timeline = new TimelineBucket[lastSlot + 1];
        for (var i = 0; i < timeline.Length; i++)
        {
            timeline[i] = new TimelineBucket(i, timelineOk[i], timelineFailed[i]);
        }

        var pops = new PopulationSummary[populations.Count];
        for (var p = 0; p < pops.Length; p++)
        {
            var classes = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var c = 1; c < OutcomeNames.Length; c++)
            {
                if (popClass[p, c] > 0)
                {
                    classes[OutcomeNames[c]] = popClass[p, c];
                }
            }

            var failed = popFirst[p] != long.MaxValue;
            pops[p] = new PopulationSummary(populations[p], popTotal[p], popOk[p], classes,
                failed ? Ms(popFirst[p] - startTimestamp) : null, failed ? Ms(popLast[p] - startTimestamp) : null);
        }

        var failures = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var c = 1; c < OutcomeNames.Length; c++)
        {
            if (byClass[c] > 0)
            {
                failures[OutcomeNames[c]] = byClass[c];
            }
        }

        return new LoadSummary(records.Length, ok, failures, gap, gapStart, perGeneration, pops, timeline, duration,
            duration > 0 ? records.Length / (duration / 1000) : 0, connections)
        {
            // Completion moments are start timestamps plus durations stored in whole microseconds.
            TimestampResolutionMs = Math.Max(1000.0 / frequency, 0.001),
        };

        int Slot(long timestamp) => (int)Math.Max(0, (timestamp - startTimestamp) * 1000.0 / frequency / SlotMs);
    }
}
