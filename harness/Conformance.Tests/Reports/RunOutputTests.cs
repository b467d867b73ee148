using Conformance.Reports;

namespace Conformance.Tests.Reports;

public sealed class RunOutputTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 4, 5, 6, 7, 89, TimeSpan.FromHours(2));

    [Fact]
    public void Run_folder_is_named_by_utc_start_and_never_reuses_a_name()
    {
        var runs = Path.Combine(Directory.CreateTempSubdirectory("conf-runs").FullName, "runs");

        var first = RunOutput.CreateRunFolder(runs, Start);
        File.WriteAllText(Path.Combine(first, "results.json"), "first");
        var second = RunOutput.CreateRunFolder(runs, Start);
        var third = RunOutput.CreateRunFolder(runs, Start);

        Assert.Equal("20250304-030607-089Z", Path.GetFileName(first));
        Assert.Equal("20250304-030607-089Z-2", Path.GetFileName(second));
        Assert.Equal("20250304-030607-089Z-3", Path.GetFileName(third));
        Assert.Equal("first", File.ReadAllText(Path.Combine(first, "results.json")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(second));
    }

    [Fact]
    public async Task Latest_is_a_copy_that_mirrors_the_last_run_exactly()
    {
        var ct = TestContext.Current.CancellationToken;
        var runs = Directory.CreateTempSubdirectory("conf-runs").FullName;
        var run1 = RunOutput.CreateRunFolder(runs, Start);
        await ReportSet.WriteAsync(RunResultBuilder.Typical().Build(), run1, ct);
        await File.WriteAllTextAsync(Path.Combine(run1, "stale-only-in-run1.txt"), "x", ct);
        RunOutput.UpdateLatest(runs, run1);

        var run2 = RunOutput.CreateRunFolder(runs, Start.AddSeconds(1));
        await ReportSet.WriteAsync(RunResultBuilder.Many(3).Build(), run2, ct);
        var latest = RunOutput.UpdateLatest(runs, run2);

        Assert.Equal(Path.Combine(Path.GetFullPath(runs), RunOutput.Latest), latest);
        Assert.False(new DirectoryInfo(latest).LinkTarget is not null, "latest must be a real folder, not a link");
        Assert.Equal(Directory.GetFiles(run2).Select(Path.GetFileName).Order(), Directory.GetFiles(latest).Select(Path.GetFileName).Order());
        foreach (var file in Directory.GetFiles(run2))
        {
            Assert.Equal(await File.ReadAllBytesAsync(file, ct), await File.ReadAllBytesAsync(Path.Combine(latest, Path.GetFileName(file)), ct));
        }

        // The earlier run is untouched and no staging folder is left behind.
        Assert.True(File.Exists(Path.Combine(run1, "stale-only-in-run1.txt")));
        Assert.Equal(3, Directory.GetDirectories(runs).Length);
    }
}
