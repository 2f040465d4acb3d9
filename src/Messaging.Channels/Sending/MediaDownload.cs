using Messaging.Channels.Errors;

namespace Messaging.Channels.Sending;

/// <summary>The bytes of an inbound attachment, or the classified error.</summary>
public sealed record MediaDownload(byte[]? Content, string? ContentType, SendError? Error)
{
    public bool Succeeded => Error is null;
}
