using System.Buffers.Text;
using System.Globalization;
using Messaging.Streams.Errors;

namespace Messaging.Streams.Resp;

/// <summary>Number formats shared by the parser and the writer.</summary>
internal static class RespFormat
{
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        if (text.SequenceEqual("inf"u8) || text.SequenceEqual("+inf"u8))
        {
            value = double.PositiveInfinity;
            return true;
        }
        if (text.SequenceEqual("-inf"u8))
        {
            value = double.NegativeInfinity;
            return true;
        }
        if (text.SequenceEqual("nan"u8))
        {
            value = double.NaN;
            return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static long ParseInteger(ReadOnlySpan<byte> text)
    {
        if (!Utf8Parser.TryParse(text, out long value, out var consumed) || consumed != text.Length)
        {
            throw new RedisProtocolException($"Invalid integer in a RESP header: '{System.Text.Encoding.ASCII.GetString(text)}'.");
        }
        return value;
    }
}
