using Conformance.Platform;

namespace Conformance.Tests.Support;

/// <summary>Allocates the ports for one reference server and builds its command line.</summary>
public sealed class ReferenceServerArgs
{
    public int Https { get; } = PortAllocator.Allocate();

    public int Http { get; } = PortAllocator.Allocate();

    public string RedirectBase => $"https://localhost:{Https}";

    /// <summary>HTTPS on <see cref="Https"/> and the redirect port on <see cref="Http"/>.</summary>
    public List<string> WithRedirect(ReferencePki pki, params string[] extra) =>
        ["--https", $"{Https}", "--http", $"{Http}", "--redirect-base", RedirectBase, .. pki.CertArgs, .. extra];

    /// <summary>HTTPS on <see cref="Https"/> only.</summary>
    public List<string> HttpsOnly(ReferencePki pki, params string[] extra) =>
        ["--https", $"{Https}", .. pki.CertArgs, .. extra];
}
