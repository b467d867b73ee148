namespace Conformance.Inputs;

/// <summary>One problem in a profile, located by file, line and field.</summary>
public sealed record ProfileError(string File, int Line, int Column, string Field, string Message)
{
    /// <summary><c>file:line:column: field</c>, or <c>file: field</c> when the line is not known.</summary>
    public string Where => Line > 0 ? $"{File}:{Line}:{Column}: {Field}" : $"{File}: {Field}";

    public override string ToString() => Line > 0 ? $"{Where}: {Message}" : $"{File}:{Line}:{Column}: {Field}: {Message}";
}
