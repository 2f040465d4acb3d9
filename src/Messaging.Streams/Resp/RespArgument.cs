using System.Globalization;

namespace Messaging.Streams.Resp;

/// <summary>
/// One argument of a command, sent as a bulk string: text (UTF-8), raw bytes (sent as they
/// are, without a copy), or a number in its invariant text form.
/// </summary>
public readonly struct RespArgument
{
    readonly string? _text;
    readonly ReadOnlyMemory<byte> _bytes;
    readonly long _integer;
    readonly Kind _kind;

    enum Kind : byte
    {
        Text,
        Bytes,
        Integer,
    }

    RespArgument(string? text, ReadOnlyMemory<byte> bytes, long integer, Kind kind)
    {
        _text = text;
        _bytes = bytes;
        _integer = integer;
        _kind = kind;
    }

    public static implicit operator RespArgument(string value) => FromString(value);

    public static implicit operator RespArgument(ReadOnlyMemory<byte> value) => FromBytes(value);

    public static implicit operator RespArgument(byte[] value) => FromBytes(value);

    public static implicit operator RespArgument(long value) => FromInt64(value);

    public static implicit operator RespArgument(int value) => FromInt64(value);

    public static implicit operator RespArgument(double value) => FromDouble(value);

    public static RespArgument FromString(string value) => new(value ?? throw new ArgumentNullException(nameof(value)), default, 0, Kind.Text);

    public static RespArgument FromBytes(ReadOnlyMemory<byte> value) => new(null, value, 0, Kind.Bytes);

    public static RespArgument FromInt64(long value) => new(null, default, value, Kind.Integer);

    public static RespArgument FromDouble(double value) => new(Format(value), default, 0, Kind.Text);

    internal bool IsText => _kind == Kind.Text;

    internal bool IsBytes => _kind == Kind.Bytes;

    internal string Text => _text!;

    internal ReadOnlyMemory<byte> Bytes => _bytes;

    internal long Integer => _integer;

    public override string ToString() => _kind switch
    {
        Kind.Text => _text!,
        Kind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        _ => $"<{_bytes.Length} bytes>",
    };

    static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+inf",
        double.NegativeInfinity => "-inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
