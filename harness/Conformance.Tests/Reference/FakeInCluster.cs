using Conformance.Pki;

namespace Conformance.Tests.Reference;

/// <summary>
/// What a pod's client library finds in a cluster, for the reference's in-cluster options
/// (<c>--trust-bundles-from kubernetes</c>, <c>--tls-secret-from kubernetes</c>): an API server on HTTPS
/// (<see cref="FakeConfigMapApi"/>, its certificate issued by a CA of its own for 127.0.0.1), a service-account folder
/// (token <c>token-one</c>, <c>ca.crt</c>, namespace <see cref="FakeApiRequest.Namespace"/>), and the environment
/// variables pointing the reference at both.
/// </summary>
public sealed class FakeInCluster : IAsyncDisposable
{
    private readonly CertificateAuthority _apiCa;
    private readonly CertificateAuthority _otherCa;
    private readonly IssuedCertificate _apiLeaf;

    private FakeInCluster(CertificateAuthority apiCa, CertificateAuthority otherCa, IssuedCertificate apiLeaf, RunWorkspace serviceAccount, FakeConfigMapApi api)
    {
        _apiCa = apiCa;
        _otherCa = otherCa;
        _apiLeaf = apiLeaf;
        ServiceAccount = serviceAccount;
        Api = api;
    }

    public RunWorkspace ServiceAccount { get; }

    public FakeConfigMapApi Api { get; }

    /// <summary>KUBERNETES_SERVICE_HOST/PORT and CONFORMANCE_SERVICEACCOUNT_DIR for the reference process.</summary>
    public Dictionary<string, string> Environment => new()
    {
        ["KUBERNETES_SERVICE_HOST"] = "127.0.0.1",
        ["KUBERNETES_SERVICE_PORT"] = $"{Api.Port}",
        ["CONFORMANCE_SERVICEACCOUNT_DIR"] = ServiceAccount.Path,
    };

    // apiIssuedByServiceAccountCa false: ca.crt holds another CA than the one that issued the API server's certificate.
    public static async Task<FakeInCluster> StartAsync(bool apiIssuedByServiceAccountCa, CancellationToken ct)
    {
        var apiCa = CertificateAuthority.CreateRoot("Fake API Server CA");
        var otherCa = CertificateAuthority.CreateRoot("Some Other CA");
        // The kube-apiserver certificate carries the service IP as an IP SAN; here 127.0.0.1.
        var apiLeaf = apiCa.Issue(new LeafSpecBuilder().WithCommonName("kube-apiserver").WithDnsNames("kubernetes.default.svc").WithIpAddresses("127.0.0.1").Build());
        var serviceAccount = RunWorkspace.Create("conformance-sa-");
        try
        {
            await File.WriteAllTextAsync(serviceAccount.File("token"), "token-one\n", ct);
            await File.WriteAllTextAsync(serviceAccount.File("namespace"), FakeApiRequest.Namespace, ct);
            await File.WriteAllTextAsync(serviceAccount.File("ca.crt"), PemWriter.CertificatesPem([(apiIssuedByServiceAccountCa ? apiCa : otherCa).Certificate]), ct);
            var api = await FakeConfigMapApi.StartAsync(apiLeaf, ct);
            return new FakeInCluster(apiCa, otherCa, apiLeaf, serviceAccount, api);
        }
        catch
        {
            serviceAccount.Dispose();
            apiLeaf.Dispose();
            otherCa.Dispose();
            apiCa.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        ServiceAccount.Dispose();
        _apiLeaf.Dispose();
        _otherCa.Dispose();
        _apiCa.Dispose();
    }
}
