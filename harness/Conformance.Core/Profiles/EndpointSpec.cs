using Conformance.Pki;

namespace Conformance.Profiles;

/// <summary>One endpoint of the implementation (an entry under <c>endpoints:</c>).</summary>
public sealed record EndpointSpec
{
    public required string Name { get; init; }

    /// <summary>Port as written: a number or a placeholder such as <c>{port:https}</c>.</summary>
    public required string Port { get; init; }

    /// <summary>The SNI sent; may end with a dot. Null sends no SNI.</summary>
    public string? ServerName { get; init; }

    /// <summary>What a redirect must name; defaults to <c>https://&lt;serverName&gt;:&lt;port&gt;</c>.</summary>
    public string? ExternalUrl { get; init; }

    /// <summary>Trust anchors: a CA file, a list of files, a bundle folder, or <c>self</c>. Defaults to <c>{pki:ca}</c>.</summary>
    public IReadOnlyList<string> Trust { get; init; } = ["{pki:ca}"];

    public ClientAuth ClientAuth { get; init; } = ClientAuth.None;

    /// <summary>The named certificate (<c>pki.certificates</c>) this endpoint serves; null: the default leaf.</summary>
    public string? Certificate { get; init; }

    /// <summary>The client identity the implementation trusts (<c>client:</c>), or null when the profile names none.</summary>
    public ClientIdentitySpec? Client { get; init; }

    /// <summary>Outcome classes that count as a refusal (e.g. handshake-alert, after-handshake, http-400).</summary>
    public IReadOnlyList<string> RejectAs { get; init; } = [];

    public PlaintextMode Plaintext { get; init; } = PlaintextMode.Refused;

    /// <summary>For a redirect endpoint: the TLS endpoint it sends clients to (defaults to the first TLS endpoint).</summary>
    public string? RedirectsTo { get; init; }

    /// <summary>What the endpoint serves over TLS: HTTP/1.1 (and h2), or gRPC (HTTP/2 only; mTLS checks make a real gRPC call).</summary>
    public EndpointProtocol Protocol { get; init; } = EndpointProtocol.Http;

    public bool IsTls => Plaintext == PlaintextMode.Refused;
}
