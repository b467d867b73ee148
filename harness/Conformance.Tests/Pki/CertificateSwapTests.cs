using System.Runtime.Versioning;
using Conformance.Pki;

namespace Conformance.Tests.Pki;

[UnsupportedOSPlatform("windows")]
public sealed class CertificateSwapTests
{
    private static Dictionary<string, string> Pair(int generation) => new()
    {
        ["tls.crt"] = $"certificate {generation}\n" + new string('c', 4096),
        ["tls.key"] = $"key {generation}\n" + new string('k', 4096),
    };

    private static int Generation(string text) => int.Parse(text.AsSpan(text.IndexOf(' ', StringComparison.Ordinal) + 1, text.IndexOf('\n', StringComparison.Ordinal) - text.IndexOf(' ', StringComparison.Ordinal) - 1), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Initialise_makes_kubelet_layout_with_relative_links_and_private_files()
    {
        using var workspace = RunWorkspace.Create();
        var dir = workspace.File("live");
        CertificateSwap.Initialise(dir, Pair(1));

        var data = new FileInfo(Path.Combine(dir, "..data"));
        Assert.NotNull(data.LinkTarget);
        Assert.StartsWith("..", data.LinkTarget, StringComparison.Ordinal);
        Assert.False(Path.IsPathRooted(data.LinkTarget));
        Assert.Equal(Path.Combine("..data", "tls.crt"), new FileInfo(Path.Combine(dir, "tls.crt")).LinkTarget);
        Assert.Equal(Path.Combine("..data", "tls.key"), new FileInfo(Path.Combine(dir, "tls.key")).LinkTarget);
        Assert.StartsWith("certificate 1\n", File.ReadAllText(Path.Combine(dir, "tls.crt")), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, data.LinkTarget, "tls.key")));
    }

    [Fact]
    public void Swap_replaces_both_files_and_removes_the_previous_folder()
    {
        using var workspace = RunWorkspace.Create();
        var dir = workspace.File("live");
        CertificateSwap.Initialise(dir, Pair(1));
        var first = new FileInfo(Path.Combine(dir, "..data")).LinkTarget!;

        CertificateSwap.Swap(dir, Pair(2));

        Assert.StartsWith("certificate 2\n", File.ReadAllText(Path.Combine(dir, "tls.crt")), StringComparison.Ordinal);
        Assert.StartsWith("key 2\n", File.ReadAllText(Path.Combine(dir, "tls.key")), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir, first)));
        Assert.False(File.Exists(Path.Combine(dir, "..data_tmp")));
        var folders = Directory.GetDirectories(dir).Select(Path.GetFileName).Where(n => n != "..data").ToList();
        Assert.Single(folders);
    }

    [Fact]
    public async Task Reader_never_sees_a_mismatched_pair_while_swapping_200_times()
    {
        using var workspace = RunWorkspace.Create();
        var dir = workspace.File("live");
        CertificateSwap.Initialise(dir, Pair(0));
        var crt = Path.Combine(dir, "tls.crt");
        var key = Path.Combine(dir, "tls.key");
        var ct = TestContext.Current.CancellationToken;
        using var stop = new CancellationTokenSource();
        var mismatches = 0;
        var reads = 0;
        var transient = 0;
        var straddles = 0;

        var reader = Task.Run(
            () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    // A reader that resolves ..data once (as a server reloading a pair does) must always get a matching
                    // pair: that is the guarantee of the layout. Reading the two top-level links one after the other
                    // resolves ..data twice, so swaps in between can show different generations (kubelet's layout
                    // behaves the same); those reads only feed the diagnostic count.
                    try
                    {
                        var folder = Path.Combine(dir, new FileInfo(Path.Combine(dir, "..data")).LinkTarget!);
                        var c = File.ReadAllText(Path.Combine(folder, "tls.crt"));
                        var k = File.ReadAllText(Path.Combine(folder, "tls.key"));
                        var lc = File.ReadAllText(crt);
                        var lk = File.ReadAllText(key);
                        Interlocked.Increment(ref reads);
                        if (Generation(c) != Generation(k))
                        {
                            Interlocked.Increment(ref mismatches);
                        }

                        if (Generation(lc) != Generation(lk))
                        {
                            Interlocked.Increment(ref straddles);
                        }
                    }
                    catch (FileNotFoundException)
                    {
                        // The resolved folder was removed by the next swap before it was opened: nothing was read, no mix.
                        transient++;
                    }
                    catch (DirectoryNotFoundException)
                    {
                        transient++;
                    }
                }
            },
            ct);

        for (var i = 1; i <= 200; i++)
        {
            CertificateSwap.Swap(dir, Pair(i));
            Assert.Equal(i, Generation(File.ReadAllText(crt)));
            Assert.Equal(i, Generation(File.ReadAllText(key)));
        }

        await stop.CancelAsync();
        await reader;
        Assert.True(reads > 0);
        Assert.Equal(0, mismatches);
        TestContext.Current.SendDiagnosticMessage($"{reads} pair reads, {transient} transient not-found, {straddles} top-level reads straddling a swap, during 200 swaps");
    }
}
