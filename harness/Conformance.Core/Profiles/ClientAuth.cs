namespace Conformance.Profiles;

/// <summary>Client-certificate requirement of an endpoint.</summary>
public enum ClientAuth
{
    None,
    Optional,
    Required,
}
