using Conformance.Pki;

namespace Conformance.Profiles;

/// <summary>
/// A validated profile: where the implementation is, how to act on it, its endpoints, and the claims that
/// select scenarios. Built by <see cref="Drivers.ProfileLoader"/>; placeholders such as <c>{port:https}</c> stay
/// unresolved here and are resolved per run.
/// </summary>
public sealed record Profile
{
    public string ApiVersion { get; init; } = "conformance/v1";

    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Full path of the YAML file, or null for a profile built in code.</summary>
    public string? SourcePath { get; init; }

    /// <summary>
    /// The YAML the profile was read from, kept so later errors can name their line without reading the file again
    /// (standard input cannot be read twice). Null for profiles built in code.
    /// </summary>
    public string? SourceText { get; init; }

    /// <summary>
    /// For an overlay (<c>extends: FILE</c>): the merged tree and the file each value came from, so later errors name
    /// the file and line that hold the value. Null for a profile that extends nothing.
    /// </summary>
    public ProfileComposition? Composition { get; init; }

    public required TargetSpec Target { get; init; }

    /// <summary>Endpoints in file order.</summary>
    public required IReadOnlyList<EndpointSpec> Endpoints { get; init; }

    public PkiSpec Pki { get; init; } = new();

    public Claims Claims { get; init; } = new();

    /// <summary>Set on mutant profiles: which scenarios the mutant must fail.</summary>
    public MutantSpec? Mutant { get; init; }

    /// <summary>The implementation's log catalog (<c>logs.catalog</c>), or null when the profile names none.</summary>
    public Logs.LogsSpec? Logs { get; init; }

    /// <summary>
    /// <c>load.requests</c>: the size of the rotation loads this profile asks for, or null for the harness's default
    /// (<see cref="Engine.RunOptions.DefaultLoadRequests"/>). A run option given in code wins over it.
    /// </summary>
    public long? LoadRequests { get; init; }

    /// <summary>Claims marked <c>assumed: true</c>, by their YAML path (e.g. <c>tls.min</c>).</summary>
    public IReadOnlyList<string> Assumptions => Claims.Assumptions;

    public EndpointSpec? Endpoint(string name) => Endpoints.FirstOrDefault(e => e.Name == name);

    /// <summary>Endpoints that speak TLS (plaintext on them must be refused).</summary>
    public IEnumerable<EndpointSpec> TlsEndpoints => Endpoints.Where(e => e.IsTls);
}
