using Conformance.Engine;
using Conformance.Profiles;
using Conformance.Targets;
using Conformance.Targets.Processes;
using Conformance.TrustBundles;

namespace Conformance.Tests.TrustBundles;

/// <summary>The process target's bundle actions write into the run's <c>{run:bundles}</c> folder, which the run removes.</summary>
public sealed class ProcessTargetBundleTests
{
    private static Profile Profile() => new()
    {
        Name = "bundle-actions",
        Target = new TargetSpec { Kind = TargetKind.Process, Command = "/bin/true", Args = ["--trust-bundles", "{run:bundles}"] },
        Endpoints = [new EndpointSpec { Name = "https", Port = "{port:https}" }],
    };

    [Fact]
    public async Task Apply_and_delete_act_on_the_run_bundles_folder_the_placeholder_names()
    {
        var ct = TestContext.Current.CancellationToken;
        string folder;
        await using (var env = RunEnvironment.Prepare(Profile(), TimeProvider.System))
        {
            folder = env.Resolver.Resolve("{run:bundles}");
            Assert.True(Directory.Exists(folder));
            Assert.StartsWith(env.Workspace.Path, folder, StringComparison.Ordinal);
            var actions = Assert.IsType<ProcessTargetActions>(env.Actions);
            Assert.Equal(folder, actions.TrustBundleDirectory);

            var bundle = new TrustBundle("kn-bundle", new Dictionary<string, string> { [TrustBundle.LabelKey] = "anything" }, new Dictionary<string, string> { ["x.pem"] = "text" });
            await actions.ApplyTrustBundleAsync(bundle, ct);
            var written = Path.Combine(folder, "kn-bundle.yaml");
            Assert.Equal(bundle.Data, TrustBundleManifest.Parse(await File.ReadAllTextAsync(written, ct)).Data);

            await actions.DeleteTrustBundleAsync("kn-bundle", ct);
            await actions.DeleteTrustBundleAsync("kn-bundle", ct);
            Assert.False(File.Exists(written));
            await Assert.ThrowsAsync<ArgumentException>(() => actions.ApplyTrustBundleAsync(bundle with { Name = "Bad Name" }, ct));
        }

        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task Targets_without_bundle_support_say_so()
    {
        ITargetActions actions = new NoBundles();
        await Assert.ThrowsAsync<NotSupportedException>(() => actions.ApplyTrustBundleAsync(new TrustBundle("b", new Dictionary<string, string>(), new Dictionary<string, string>()), TestContext.Current.CancellationToken));
    }

    private sealed class NoBundles : ITargetActions
    {
        public Task ReplaceCertificateAsync(string certificatePem, string keyPem, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ReloadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RestartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> WaitForExitAsync(TimeSpan within, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<bool> RestartAfterExitAsync(TimeSpan within, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task ReplaceTrustBundleAsync(IReadOnlyList<string> caPems, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
