using Conformance.Load;

namespace Conformance.Rotation;

/// <summary>A performed rotation: every request of the load around it and what each step did.</summary>
public sealed record RotationRun(RotationProcedure Procedure, LoadResult Load, IReadOnlyList<StepOutcome> Steps, long TimestampFrequency)
{
    public StepOutcome? Step(string label) => Steps.FirstOrDefault(s => s.Label == label);

    /// <summary>Milliseconds from the load's start to when a marker was set, or null.</summary>
    public double? MarkerMs(string label)
    {
        var m = Load.Markers.FirstOrDefault(x => x.Label == label);
        return m is null ? null : Ms(m.Timestamp);
    }

    /// <summary>Milliseconds from the load's start to a timestamp.</summary>
    public double Ms(long timestamp) => (timestamp - Load.StartTimestamp) * 1000.0 / TimestampFrequency;
}
