namespace Conformance.Model;

/// <summary>RFC 2119 strength of a requirement. The catalog owns it; profiles never change it.</summary>
public enum Level
{
    Must,
    Should,
    May,
}
