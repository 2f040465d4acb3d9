namespace Messaging.Hosting.Output;

/// <summary>
/// Every line of every process, prefixed with the resource's name, so one terminal tells who
/// said what. Lines are written whole, never interleaved.
/// </summary>
public sealed class PrefixedOutput(TextWriter writer, bool colors)
{
    const string SystemName = "apphost";
    static readonly string[] Palette = ["\u001b[36m", "\u001b[32m", "\u001b[35m", "\u001b[33m", "\u001b[34m", "\u001b[96m", "\u001b[92m", "\u001b[95m", "\u001b[93m"];
    readonly Lock _gate = new();
    readonly Dictionary<string, ResourceWriter> _writers = new(StringComparer.Ordinal);
    int _width = SystemName.Length;

    public ResourceWriter For(string name)
    {
        lock (_gate)
        {
            if (!_writers.TryGetValue(name, out var resourceWriter))
            {
                _width = Math.Max(_width, name.Length);
                var color = colors ? Palette[_writers.Count % Palette.Length] : "";
                resourceWriter = new ResourceWriter(this, name, color);
                _writers[name] = resourceWriter;
            }
            return resourceWriter;
        }
    }

    /// <summary>The orchestrator's own messages.</summary>
    public void System(string line) => For(SystemName).WriteLine(line);

    /// <summary>Writes a block of lines (the status table) without prefixes.</summary>
    public void Block(string text)
    {
        lock (_gate)
        {
            writer.WriteLine(text);
            writer.Flush();
        }
    }

    void Write(string name, string color, string line)
    {
        lock (_gate)
        {
            var reset = color.Length > 0 ? "\u001b[0m" : "";
            writer.Write(color);
            writer.Write(name.PadRight(_width));
            writer.Write(" | ");
            writer.Write(reset);
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    public sealed class ResourceWriter
    {
        readonly PrefixedOutput _owner;
        readonly string _name;
        readonly string _color;

        internal ResourceWriter(PrefixedOutput owner, string name, string color)
        {
            _owner = owner;
            _name = name;
            _color = color;
        }

        public void WriteLine(string line) => _owner.Write(_name, _color, line);
    }
}
