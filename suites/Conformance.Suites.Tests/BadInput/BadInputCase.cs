namespace Conformance.Suites.Tests.BadInput;

/// <summary>
/// One bad input: what is wrong (the case name), the profile text (null when the case is about arguments only), the
/// CLI arguments (<c>{profile}</c> and <c>{dir}</c> are replaced), the documented exit code, and the fragments the one
/// error line must contain (<c>{profile}</c> replaced; <c>@L:C</c> means "{profile}:L:C").
/// </summary>
public sealed record BadInputCase(string Name, string? Profile, string[] Args, int ExitCode, params string[] Expect)
{
    public override string ToString() => Name;
}
