using System.Diagnostics;
using System.IO.Pipes;
using Conformance.Inputs;
using Conformance.Pki;

namespace Conformance.Tests.Inputs;

/// <summary>The one reader of user-named files: type checked before opening, bounded, cancellable, one-line errors.</summary>
public sealed class InputFileTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-inputfile-test-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void File_kinds_are_told_apart_without_opening()
    {
        File.WriteAllText(_dir.File("a.yaml"), "x: 1\n");

        Assert.Equal(FileKind.Regular, FileKinds.Of(_dir.File("a.yaml")));
        Assert.Equal(FileKind.Directory, FileKinds.Of(_dir.Path));
        Assert.Equal(FileKind.Missing, FileKinds.Of(_dir.File("nope")));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(FileKind.CharacterDevice, FileKinds.Of("/dev/zero"));
        }
    }

    [Fact]
    public async Task A_fifo_is_refused_at_once_instead_of_blocking_the_open()
    {
        var ct = TestContext.Current.CancellationToken;
        var fifo = _dir.File("fifo");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false })!)
        {
            await mkfifo.WaitForExitAsync(ct);
        }

        var read = Task.Run(() => InputFile.ReadTextAsync(fifo, InputFile.ProfileBound, "a profile", ct), ct);

        var e = await Assert.ThrowsAsync<InputFileException>(() => read.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.Equal($"{fifo}: is a FIFO (named pipe), not a regular file; to pipe a profile, give '-' and send it on standard input", e.Message);
    }

    [Fact]
    public void A_file_over_the_bound_is_refused_on_its_length()
    {
        File.WriteAllText(_dir.File("big.yaml"), new string('#', 2048));

        var e = Assert.Throws<InputFileException>(() => InputFile.ReadText(_dir.File("big.yaml"), 1024, "a profile", TestContext.Current.CancellationToken));

        Assert.Equal("is larger than 1024 bytes, the bound for a profile", e.Problem);
        Assert.Equal("x: 1\n", WriteAndRead("ok.yaml", "\uFEFFx: 1\n"));
    }

    [Fact]
    public void Devices_directories_and_missing_files_are_one_line_each()
    {
        Assert.Equal("is a directory, not a file (a profile is a file)", Assert.Throws<InputFileException>(() => InputFile.ReadText(_dir.Path, 1024, "a profile", TestContext.Current.CancellationToken)).Problem);
        Assert.Equal("file not found", Assert.Throws<InputFileException>(() => InputFile.ReadText(_dir.File("nope"), 1024, "a profile", TestContext.Current.CancellationToken)).Problem);
        if (OperatingSystem.IsLinux())
        {
            Assert.StartsWith("is a character device", Assert.Throws<InputFileException>(() => InputFile.ReadText("/dev/zero", 1024, "a profile", TestContext.Current.CancellationToken)).Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_read_of_an_idle_pipe_returns_control_when_cancelled()
    {
        var ct = TestContext.Current.CancellationToken;
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var stream = new ThreadedReadStream(client);
        var clock = Stopwatch.StartNew();

        var read = stream.ReadAsync(new byte[16], cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        server.Dispose();
    }

    private string WriteAndRead(string name, string text)
    {
        File.WriteAllText(_dir.File(name), text);
        return InputFile.ReadText(_dir.File(name), 1024, "a profile", TestContext.Current.CancellationToken);
    }
}
