namespace Conformance.Logs;

/// <summary>How a count of matching lines is judged.</summary>
public enum LogCountKind
{
    Exactly,
    AtLeast,
    None,
}
