using System.Security.Cryptography.X509Certificates;
using Conformance.Pki;

namespace Conformance.TrustBundles;

/// <summary>
/// The TLS server the implementation calls as its upstream in the trust-bundle scenarios: the harness chooses which
/// certificate it presents before each request and reads back what it saw. Two kinds exist: the harness's own
/// <see cref="UpstreamTlsServer"/> on its loopback (process target; the fake API server's pods), and
/// <see cref="RemoteUpstream"/>, a pod the harness deploys next to the implementation in a cluster (or a container on the
/// container target's run network) and controls through its admin port.
/// </summary>
public interface ITrustUpstream : IAsyncDisposable
{
    /// <summary>Where the implementation must send its upstream requests, in words (for notes and the "never reached" hint).</summary>
    string Address { get; }

    /// <summary>
    /// The public key leaves for this upstream must be issued for (<see cref="CertificateAuthority.IssueFor"/>): the remote
    /// upstream keeps its private key in its pod. Null: leaves carry their own key (<see cref="CertificateAuthority.Issue"/>).
    /// </summary>
    PublicKey? LeafKey { get; }

    /// <summary>What a request answered under <paramref name="label"/>'s certificate carries in its body.</summary>
    string BodyFor(string label);

    /// <summary>New handshakes present <paramref name="certificate"/> (with its chain), named <paramref name="label"/>.</summary>
    Task ServeAsync(IssuedCertificate certificate, string label, CancellationToken cancellationToken);

    /// <summary>How many ClientHellos were given a certificate so far (counted before it is sent).</summary>
    Task<int> PresentedAsync(CancellationToken cancellationToken);

    /// <summary>Every connection so far, oldest first.</summary>
    Task<IReadOnlyList<UpstreamConnection>> ConnectionsAsync(CancellationToken cancellationToken);
}
