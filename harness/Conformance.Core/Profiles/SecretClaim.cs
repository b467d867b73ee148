namespace Conformance.Profiles;

/// <summary><c>claims.secret</c>: what the server does with a missing, wrong-type or malformed TLS secret (SV-*).</summary>
public sealed record SecretClaim
{
    /// <summary>The only behaviour defined so far: <c>refuse-start</c> (exit non-zero and say why).</summary>
    public string Invalid { get; init; } = "refuse-start";

    public bool Assumed { get; init; }
}
