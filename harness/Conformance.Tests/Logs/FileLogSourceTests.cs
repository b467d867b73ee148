using Conformance.Logs;
using Conformance.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Conformance.Tests.Logs;

/// <summary>The file tailer: lines are stamped when a poll sees them, partial lines wait for their end, truncation restarts.</summary>
public sealed class FileLogSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("conformance-tail-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Lines_are_stamped_on_arrival_and_partial_lines_wait()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var path = Path.Combine(_dir, "error.log");
        await using var tail = new FileLogSource(path, time);

        Assert.Equal(0, tail.Poll());
        await File.WriteAllTextAsync(path, "one\ntw", TestContext.Current.CancellationToken);
        Assert.Equal(1, tail.Poll());
        var first = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(3));
        await File.AppendAllTextAsync(path, "o\r\nthree\n", TestContext.Current.CancellationToken);
        Assert.Equal(2, tail.Poll());

        Assert.Equal(["one", "two", "three"], tail.Lines.Select(l => l.Text));
        Assert.Equal([first, first.AddSeconds(3), first.AddSeconds(3)], tail.Lines.Select(l => l.ArrivedUtc));
        Assert.All(tail.Lines, l => Assert.Equal("error.log", l.Source));
    }

    [Fact]
    public async Task A_truncated_file_is_read_again_from_the_start()
    {
        var path = Path.Combine(_dir, "x.log");
        await using var tail = new FileLogSource(path, TimeProvider.System);
        await File.WriteAllTextAsync(path, "a long first line\n", TestContext.Current.CancellationToken);
        tail.Poll();
        await File.WriteAllTextAsync(path, "b\n", TestContext.Current.CancellationToken);
        tail.Poll();

        Assert.Equal(["a long first line", "b"], tail.Lines.Select(l => l.Text));
    }

    [Fact]
    public async Task Started_tailer_picks_up_appended_lines_by_itself()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_dir, "bg.log");
        await using var tail = new FileLogSource(path, TimeProvider.System, TimeSpan.FromMilliseconds(20)).Start();
        var before = DateTimeOffset.UtcNow;
        await File.AppendAllTextAsync(path, "[notice] 1#1: start worker processes\n", ct);

        await Poll.UntilAsync(() => tail.Lines.Count == 1, TimeSpan.FromSeconds(10), "the tailer saw the line", ct);

        Assert.True(tail.Lines[0].ArrivedUtc >= before);
        Assert.Equal($"file {path}", tail.Name);
    }
}
