using System.Text;

namespace Conformance.Cli.Console;

/// <summary>
/// The CLI's stderr: every line escaped (<see cref="TerminalText.Escape"/>) and cut to <see cref="TerminalText.MaxLine"/>,
/// whoever wrote it — an error that quotes a 1 MB YAML scalar or a server's header stays one readable line.
/// </summary>
internal sealed class SafeLineWriter(TextWriter inner) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n')
            {
                FlushLine();
                inner.Write('\n');
            }
            else
            {
                _line.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? string.Empty)
        {
            Write(c);
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            FlushLine();
            inner.Flush();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    private void FlushLine()
    {
        if (_line.Length == 0)
        {
            return;
        }

        var text = _line.ToString();
        _line.Clear();
        inner.Write(TerminalText.Bound(TerminalText.Escape(text.TrimEnd('\r'))));
    }
}
