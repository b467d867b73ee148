using Conformance.Interruption;
using Conformance.Pki;

namespace Conformance.Tests.Interruption;

/// <summary>
/// The emergency stop after a second signal: every listed resource is stopped, the key workspace on the signalled
/// thread itself (a new thread may not be scheduled before the exit on a loaded machine), the others on threads of
/// their own, so a slow one never holds up the keys.
/// </summary>
public sealed class LiveResourcesTests
{
    [Fact]
    public void The_key_workspace_is_removed_on_the_calling_thread_while_a_slow_stop_runs_on_its_own()
    {
        using var release = new ManualResetEventSlim();
        var slow = new SlowStop(release);
        var workspace = RunWorkspace.Create("conformance-live-resources-");
        var keyFile = workspace.File("server.key");
        File.WriteAllText(keyFile, "not a real key");
        try
        {
            // Only this test's resources: the listed ones of the whole process belong to tests running beside it.
            var caller = Environment.CurrentManagedThreadId;
            var keys = new KeyHolder();
            var stopped = LiveResources.StopAll([slow, workspace, keys], TimeSpan.FromMilliseconds(300));

            Assert.False(Directory.Exists(workspace.Path), "the workspace (and its key file) outlived the emergency stop");
            Assert.Equal(caller, keys.StoppedOn);
            Assert.NotEqual(caller, slow.StoppedOn);
            Assert.DoesNotContain(workspace, LiveResources.Snapshot().OfType<RunWorkspace>());

            // The slow stop was still running at the bound: only the workspace counts as stopped in time.
            Assert.Equal(2, stopped);
        }
        finally
        {
            release.Set();
            workspace.Dispose();
        }
    }

    private sealed class KeyHolder : IEmergencyStop
    {
        public int StoppedOn { get; private set; }

        public string Describe => "keys on disk";

        public bool HoldsKeys => true;

        public void StopNow(TimeSpan within) => StoppedOn = Environment.CurrentManagedThreadId;
    }

    private sealed class SlowStop(ManualResetEventSlim release) : IEmergencyStop
    {
        public int StoppedOn { get; private set; }

        public string Describe => "a stop that waits to be released";

        public void StopNow(TimeSpan within)
        {
            StoppedOn = Environment.CurrentManagedThreadId;
            release.Wait(TimeSpan.FromSeconds(10));
        }
    }
}
