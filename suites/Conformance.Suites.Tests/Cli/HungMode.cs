namespace Conformance.Suites.Tests.Cli;

/// <summary>How the hung target of the interruption matrix misbehaves.</summary>
internal enum HungMode
{
    None,
    NeverListens,
    Accepts,
}
