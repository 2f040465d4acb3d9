using System.Buffers;
using System.Text;
using Messaging.Streams.Errors;
using Messaging.Streams.Resp;

namespace Messaging.Streams.Tests.Resp;

public sealed class RespParserTests
{
    [Theory]
    [InlineData("+OK\r\n", RespType.SimpleString, "OK")]
    [InlineData("$5\r\nhe\r\no\r\n", RespType.BulkString, "he\r\no")]
    [InlineData(":-42\r\n", RespType.Integer, "-42")]
    [InlineData(",3.5\r\n", RespType.Double, "3.5")]
    [InlineData("#t\r\n", RespType.Boolean, "1")]
    [InlineData("=8\r\ntxt:abcd\r\n", RespType.VerbatimString, "abcd")]
    [InlineData("(123456789012345678901234567890\r\n", RespType.BigNumber, "123456789012345678901234567890")]
    [InlineData("-ERR bad\r\n", RespType.Error, "ERR bad")]
    public void Scalars_parse_whole_and_never_before_their_last_byte(string wire, RespType type, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(wire);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            Assert.False(TryParse(bytes.AsSpan(0, cut).ToArray(), out _));
        }
        Assert.True(TryParse(bytes, out var reply));
        Assert.Equal(type, reply.Type);
        Assert.Equal(text, reply.AsString());
    }

    [Fact]
    public void A_map_with_an_attribute_and_nulls_reads_as_pairs()
    {
        var wire = "|1\r\n+ttl\r\n:3\r\n%2\r\n+a\r\n*2\r\n:1\r\n_\r\n+b\r\n$-1\r\n"u8.ToArray();
        for (var cut = 0; cut < wire.Length; cut++)
        {
            Assert.False(TryParse(wire.AsSpan(0, cut).ToArray(), out _));
        }
        Assert.True(TryParse(wire, out var reply));
        var map = reply.AsMap();
        Assert.Equal(1, map["a"].Items[0].AsInt64());
        Assert.True(map["a"].Items[1].IsNull);
        Assert.True(map["b"].IsNull);
    }

    [Fact]
    public void Bytes_that_are_not_resp_are_rejected() =>
        Assert.Throws<RedisProtocolException>(() => TryParse("?what\r\n"u8.ToArray(), out _));

    static bool TryParse(byte[] bytes, out RespReply reply)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        return RespParser.TryRead(ref reader, out reply);
    }
}
