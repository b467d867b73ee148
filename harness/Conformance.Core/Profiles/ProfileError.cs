namespace Conformance.Profiles;

/// <summary>One problem in a profile, located by file, line and field.</summary>
public sealed record ProfileError(string File, int Line, int Column, string Field, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Field}: {Message}";
}
