using System.Globalization;
using System.Text;
using Messaging.Streams.Errors;

namespace Messaging.Streams.Resp;

/// <summary>
/// One parsed reply. Strings keep their raw bytes (binary safe); aggregates keep their items,
/// a RESP3 map as flattened key/value items so RESP2's flat arrays and RESP3 maps read alike.
/// </summary>
public sealed class RespReply
{
    static readonly RespReply[] NoItems = [];

    public static RespReply Null { get; } = new(RespType.Null, default, 0, 0, null);

    public static RespReply Ok { get; } = new(RespType.SimpleString, "OK"u8.ToArray(), 0, 0, null);

    readonly ReadOnlyMemory<byte> _bytes;
    readonly long _integer;
    readonly double _double;
    readonly RespReply[]? _items;

    RespReply(RespType type, ReadOnlyMemory<byte> bytes, long integer, double number, RespReply[]? items)
    {
        Type = type;
        _bytes = bytes;
        _integer = integer;
        _double = number;
        _items = items;
    }

    public RespType Type { get; }

    public bool IsNull => Type == RespType.Null;

    public static RespReply String(RespType type, ReadOnlyMemory<byte> bytes) => new(type, bytes, 0, 0, null);

    public static RespReply Integer(long value) => new(RespType.Integer, default, value, 0, null);

    public static RespReply Boolean(bool value) => new(RespType.Boolean, default, value ? 1 : 0, 0, null);

    public static RespReply Double(double value) => new(RespType.Double, default, 0, value, null);

    public static RespReply Aggregate(RespType type, RespReply[] items) => new(type, default, 0, 0, items);

    /// <summary>Items of an array, set, push or map (keys and values alternating); empty for a null.</summary>
    public IReadOnlyList<RespReply> Items => _items ?? (IsNull ? NoItems : throw Unexpected("an aggregate"));

    /// <summary>The raw bytes of a string reply; null for a null reply.</summary>
    public ReadOnlyMemory<byte>? AsBytes() => Type switch
    {
        RespType.Null => null,
        RespType.SimpleString or RespType.BulkString or RespType.VerbatimString or RespType.BigNumber or RespType.Error => _bytes,
        RespType.Integer or RespType.Double or RespType.Boolean => Encoding.UTF8.GetBytes(AsString()!),
        _ => throw Unexpected("a string"),
    };

    public string? AsString() => Type switch
    {
        RespType.Null => null,
        RespType.SimpleString or RespType.BulkString or RespType.VerbatimString or RespType.BigNumber or RespType.Error => Encoding.UTF8.GetString(_bytes.Span),
        RespType.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        RespType.Boolean => _integer == 1 ? "1" : "0",
        RespType.Double => _double.ToString("R", CultureInfo.InvariantCulture),
        _ => throw Unexpected("a string"),
    };

    /// <summary>An integer reply, or a string holding one (RESP2 sends some numbers as bulk strings).</summary>
    public long AsInt64() => Type switch
    {
        RespType.Integer or RespType.Boolean => _integer,
        RespType.SimpleString or RespType.BulkString when long.TryParse(_bytes.Span, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw Unexpected("an integer"),
    };

    /// <summary>A RESP3 double, or the bulk string RESP2 sends for one (ZSCORE, INCRBYFLOAT).</summary>
    public double AsDouble() => Type switch
    {
        RespType.Double => _double,
        RespType.Integer => _integer,
        RespType.SimpleString or RespType.BulkString when RespFormat.TryParseDouble(_bytes.Span, out var value) => value,
        _ => throw Unexpected("a number"),
    };

    public bool AsBoolean() => Type switch
    {
        RespType.Boolean or RespType.Integer => _integer != 0,
        RespType.SimpleString => true,
        RespType.Null => false,
        _ => throw Unexpected("a boolean"),
    };

    /// <summary>Key/value pairs of a RESP3 map or of the flat array RESP2 sends instead.</summary>
    public IReadOnlyList<KeyValuePair<string, RespReply>> AsPairs()
    {
        var items = Items;
        if (Type is not (RespType.Map or RespType.Array or RespType.Null) || items.Count % 2 != 0)
        {
            throw Unexpected("a map");
        }
        var pairs = new KeyValuePair<string, RespReply>[items.Count / 2];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = new(items[2 * i].AsString() ?? "", items[(2 * i) + 1]);
        }
        return pairs;
    }

    public IReadOnlyDictionary<string, RespReply> AsMap()
    {
        var map = new Dictionary<string, RespReply>(StringComparer.Ordinal);
        foreach (var (key, value) in AsPairs())
        {
            map[key] = value;
        }
        return map;
    }

    public override string ToString() => Type switch
    {
        RespType.Null => "(nil)",
        RespType.Array or RespType.Set or RespType.Push or RespType.Map => $"{Type}[{Items.Count}]",
        _ => $"{Type}: {AsString()}",
    };

    RedisUnexpectedReplyException Unexpected(string expected) =>
        new($"Expected {expected} reply but Redis answered {Type}{(Type == RespType.Error ? ": " + AsString() : "")}.");
}
