namespace Conformance.Pki;

/// <summary>
/// <c>endpoints.NAME.client</c>: the client identity the implementation trusts (full paths, resolved against the
/// profile's folder). <see cref="Ca"/> and <see cref="CaKey"/> name the client CA that issued <see cref="Cert"/>, so the
/// harness can issue the expired and no-clientAuth variants (MT-03, MT-04) from it.
/// </summary>
public sealed record ClientIdentitySpec(string Cert, string Key, string? Ca, string? CaKey);
