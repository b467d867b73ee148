namespace Conformance.Suites.Tests.Qualification;

/// <summary>A console writer that cancels a token once <c>trigger</c> has been written: Ctrl+C at a known point, without a sleep.</summary>
internal sealed class CancellingWriter(CancellationTokenSource cts, string trigger) : StringWriter
{
    public override void Write(char value)
    {
        base.Write(value);
        Check();
    }

    public override void Write(string? value)
    {
        base.Write(value);
        Check();
    }

    public override void Write(char[] buffer, int index, int count)
    {
        base.Write(buffer, index, count);
        Check();
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        base.Write(buffer);
        Check();
    }

    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        Check();
    }

    private void Check()
    {
        if (!cts.IsCancellationRequested && ToString().Contains(trigger, StringComparison.Ordinal))
        {
            cts.Cancel();
        }
    }
}
