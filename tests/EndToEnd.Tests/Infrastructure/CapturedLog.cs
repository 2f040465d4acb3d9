using System.Text;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>A run's log kept in memory as it goes to <paramref name="file"/>, for tests that assert on what the services logged.</summary>
public sealed class CapturedLog(TextWriter file) : TextWriter
{
    readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
            file.Write(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_text)
        {
            _text.Append(value);
            file.Write(value);
        }
    }

    public IReadOnlyList<string> Lines()
    {
        lock (_text)
        {
            return _text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
