using Conformance.FakeKubernetes;

namespace Conformance.Suites.Tests.Support;

/// <summary>
/// The fake Kubernetes API server in a temp folder, with a kubeconfig naming it, and shipped kubernetes profiles
/// copied next to it with that kubeconfig inserted and their manifest paths made absolute.
/// </summary>
internal sealed class FakeKubernetesCluster : IAsyncDisposable
{
    private FakeKubernetesCluster(string root, FakeKubernetesApi api, string kubeconfig)
    {
        Root = root;
        Api = api;
        Kubeconfig = kubeconfig;
    }

    public string Root { get; }

    public FakeKubernetesApi Api { get; }

    public string Kubeconfig { get; }

    public static async Task<FakeKubernetesCluster> StartAsync(CancellationToken ct)
    {
        var root = Directory.CreateTempSubdirectory("conformance-fake-k8s-").FullName;
        var api = await FakeKubernetesApi.StartAsync(Path.Combine(root, "kubelet"), ct);
        return new FakeKubernetesCluster(root, api, api.WriteKubeconfig(Path.Combine(root, "kubeconfig")));
    }

    /// <summary>Writes <paramref name="relative"/> (under fixtures/profiles) into the temp folder pointed at <paramref name="kubeconfig"/> (default: this fake).</summary>
    public string Profile(string relative, string? kubeconfig = null)
    {
        var text = File.ReadAllText(RepoPaths.Profile(relative))
            .Replace("  kubernetes:\n", $"  kubernetes:\n    kubeconfig: {kubeconfig ?? Kubeconfig}\n", StringComparison.Ordinal)
            .Replace("../kubernetes/", Path.Combine(RepoPaths.Root, "fixtures", "kubernetes") + "/", StringComparison.Ordinal)
            .Replace("../logs/", Path.Combine(RepoPaths.Root, "fixtures", "logs") + "/", StringComparison.Ordinal);
        var path = Path.Combine(Root, Path.GetFileName(relative));
        File.WriteAllText(path, text);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
