using System.Diagnostics;
using Conformance.Model;
using Conformance.Targets.Containers;
using Docker.DotNet;

namespace Conformance.Suites.Tests.Support;

/// <summary>
/// The Docker engine and the locally built images the container tests need. Tests skip, with the reason, only when
/// no engine answers; with <c>CONFORMANCE_REQUIRE_DOCKER=1</c> (set by .ci/run) a missing engine fails them instead.
/// The images come from fixtures/images/build.sh, once per test process (it skips unchanged inputs).
/// </summary>
internal static class DockerAvailability
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _problem;
    private static bool _checked;

    /// <summary>A client for the engine with the images built, or a skip with the reason.</summary>
    public static async Task<IDockerClient> RequireAsync(CancellationToken ct)
    {
        await Gate.WaitAsync(ct);
        try
        {
            if (!_checked)
            {
                _problem = await CheckAsync(ct);
                _checked = true;
            }
        }
        finally
        {
            Gate.Release();
        }

        if (_problem is not null)
        {
            if (Environment.GetEnvironmentVariable("CONFORMANCE_REQUIRE_DOCKER") == "1")
            {
                Assert.Fail($"CONFORMANCE_REQUIRE_DOCKER=1 but {_problem}");
            }

            Assert.Skip(_problem);
        }

        return await DockerEngine.ConnectAsync(ct);
    }

    private static async Task<string?> CheckAsync(CancellationToken ct)
    {
        try
        {
            using var client = await DockerEngine.ConnectAsync(ct);
        }
        catch (TargetException e)
        {
            return $"container tests need a Docker engine: {e.Message}";
        }

        var script = Path.Combine(RepoPaths.Root, "fixtures", "images", "build.sh");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add("all");
        using var build = Process.Start(info)!;
        var stdout = build.StandardOutput.ReadToEndAsync(ct);
        var stderr = build.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(5));
        await build.WaitForExitAsync(deadline.Token);
        if (build.ExitCode != 0)
        {
            // An engine that answers but images that cannot be built is a failure, not a reason to skip.
            Assert.Fail($"fixtures/images/build.sh all exited with {build.ExitCode}: {await stderr}{await stdout}");
        }

        return null;
    }
}
