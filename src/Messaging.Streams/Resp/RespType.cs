namespace Messaging.Streams.Resp;

/// <summary>The reply types of RESP2 and RESP3.</summary>
public enum RespType
{
    SimpleString,
    Error,
    Integer,
    BulkString,
    Array,
    Null,
    Boolean,
    Double,
    BigNumber,
    VerbatimString,
    Map,
    Set,
    Push,
}
