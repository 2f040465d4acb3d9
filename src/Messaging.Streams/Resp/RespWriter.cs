using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Messaging.Streams.Resp;

/// <summary>Writes a command as a RESP array of bulk strings straight into the output buffer.</summary>
internal static class RespWriter
{
    const int MaxHeaderLength = 1 + 20 + 2;
    static readonly byte[] NewLine = "\r\n"u8.ToArray();

    public static void WriteCommand(IBufferWriter<byte> output, string name, IReadOnlyList<RespArgument> arguments)
    {
        WriteHeader(output, (byte)'*', arguments.Count + 1);
        WriteText(output, name);
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument.IsText)
            {
                WriteText(output, argument.Text);
            }
            else if (argument.IsBytes)
            {
                WriteHeader(output, (byte)'$', argument.Bytes.Length);
                output.Write(argument.Bytes.Span);
                output.Write(NewLine);
            }
            else
            {
                WriteInteger(output, argument.Integer);
            }
        }
    }

    static void WriteText(IBufferWriter<byte> output, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        WriteHeader(output, (byte)'$', length);
        if (length > 0)
        {
            var span = output.GetSpan(length);
            Encoding.UTF8.GetBytes(text, span);
            output.Advance(length);
        }
        output.Write(NewLine);
    }

    static void WriteInteger(IBufferWriter<byte> output, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out var length);
        WriteHeader(output, (byte)'$', length);
        output.Write(digits[..length]);
        output.Write(NewLine);
    }

    static void WriteHeader(IBufferWriter<byte> output, byte marker, long count)
    {
        var span = output.GetSpan(MaxHeaderLength);
        span[0] = marker;
        Utf8Formatter.TryFormat(count, span[1..], out var written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        output.Advance(3 + written);
    }
}
