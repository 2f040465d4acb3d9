using System.Buffers;
using Messaging.Streams.Errors;

namespace Messaging.Streams.Resp;

/// <summary>
/// Reads one complete RESP2/RESP3 reply from buffered bytes. Returns false, consuming nothing
/// the caller keeps, when the reply is not complete yet; throws on bytes that are not RESP.
/// </summary>
internal static class RespParser
{
    const int MaxDepth = 64;

    public static bool TryRead(ref SequenceReader<byte> reader, out RespReply reply) => TryRead(ref reader, out reply, 0);

    static bool TryRead(ref SequenceReader<byte> reader, out RespReply reply, int depth)
    {
        reply = RespReply.Null;
        if (depth > MaxDepth)
        {
            throw new RedisProtocolException("RESP reply nested too deeply.");
        }
        if (!reader.TryRead(out var marker) || !reader.TryReadTo(out ReadOnlySpan<byte> line, (byte)'\n'))
        {
            return false;
        }
        if (line.Length == 0 || line[^1] != (byte)'\r')
        {
            throw new RedisProtocolException("RESP line not terminated by CRLF.");
        }
        line = line[..^1];
        switch (marker)
        {
            case (byte)'+':
                reply = line.SequenceEqual("OK"u8) ? RespReply.Ok : RespReply.String(RespType.SimpleString, line.ToArray());
                return true;
            case (byte)'-':
                reply = RespReply.String(RespType.Error, line.ToArray());
                return true;
            case (byte)':':
                reply = RespReply.Integer(RespFormat.ParseInteger(line));
                return true;
            case (byte)'(':
                reply = RespReply.String(RespType.BigNumber, line.ToArray());
                return true;
            case (byte)',':
                reply = RespFormat.TryParseDouble(line, out var number)
                    ? RespReply.Double(number)
                    : throw new RedisProtocolException("Invalid RESP3 double.");
                return true;
            case (byte)'#':
                reply = RespReply.Boolean(line.SequenceEqual("t"u8));
                return true;
            case (byte)'_':
                reply = RespReply.Null;
                return true;
            case (byte)'$':
                return TryReadBlob(ref reader, line, RespType.BulkString, out reply);
            case (byte)'!':
                return TryReadBlob(ref reader, line, RespType.Error, out reply);
            case (byte)'=':
                return TryReadBlob(ref reader, line, RespType.VerbatimString, out reply);
            case (byte)'*':
                return TryReadAggregate(ref reader, line, RespType.Array, 1, out reply, depth);
            case (byte)'~':
                return TryReadAggregate(ref reader, line, RespType.Set, 1, out reply, depth);
            case (byte)'>':
                return TryReadAggregate(ref reader, line, RespType.Push, 1, out reply, depth);
            case (byte)'%':
                return TryReadAggregate(ref reader, line, RespType.Map, 2, out reply, depth);
            case (byte)'|':
                // Attributes annotate the reply that follows; nothing we use reads them.
                return TryReadAggregate(ref reader, line, RespType.Map, 2, out _, depth) && TryRead(ref reader, out reply, depth);
            default:
                throw new RedisProtocolException($"Unknown RESP type marker '{(char)marker}'.");
        }
    }

    static bool TryReadBlob(ref SequenceReader<byte> reader, ReadOnlySpan<byte> header, RespType type, out RespReply reply)
    {
        reply = RespReply.Null;
        var length = RespFormat.ParseInteger(header);
        if (length < 0)
        {
            return true;
        }
        if (reader.Remaining < length + 2)
        {
            return false;
        }
        var bytes = new byte[length];
        reader.TryCopyTo(bytes);
        reader.Advance(length);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            throw new RedisProtocolException("RESP bulk string not terminated by CRLF.");
        }
        // Verbatim strings start with a three-letter format and a colon ("txt:").
        var memory = type == RespType.VerbatimString && length >= 4 ? bytes.AsMemory(4) : bytes;
        reply = RespReply.String(type, memory);
        return true;
    }

    static bool TryReadAggregate(ref SequenceReader<byte> reader, ReadOnlySpan<byte> header, RespType type, int perEntry, out RespReply reply, int depth)
    {
        reply = RespReply.Null;
        var count = RespFormat.ParseInteger(header);
        if (count < 0)
        {
            return true;
        }
        if (count * perEntry > reader.Remaining)
        {
            // Each item takes at least one byte; this also rejects absurd counts before allocating.
            return false;
        }
        var items = new RespReply[count * perEntry];
        for (var i = 0; i < items.Length; i++)
        {
            if (!TryRead(ref reader, out items[i], depth + 1))
            {
                return false;
            }
        }
        reply = RespReply.Aggregate(type, items);
        return true;
    }
}
