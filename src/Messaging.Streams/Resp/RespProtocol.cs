namespace Messaging.Streams.Resp;

/// <summary>RESP2, or RESP3 negotiated with HELLO 3.</summary>
public enum RespProtocol
{
    Resp2 = 2,
    Resp3 = 3,
}
