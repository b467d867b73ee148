namespace Conformance.Pki;

/// <summary>Extended key usage of an issued leaf (<c>server</c>, <c>client</c>, <c>server-client</c>, <c>none</c>).</summary>
public enum EkuSpec
{
    ServerAuth,
    ClientAuth,
    ServerAndClientAuth,
    None,
}
