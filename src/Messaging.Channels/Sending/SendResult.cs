using Messaging.Channels.Errors;

namespace Messaging.Channels.Sending;

/// <summary>The provider accepted the request (with the id it gave the message), or a classified error.</summary>
public sealed record SendResult
{
    private SendResult(string? providerMessageId, SendError? error)
    {
        ProviderMessageId = providerMessageId;
        Error = error;
    }

    /// <summary>Meta's <c>wamid…</c> or Twilio's <c>SM…</c>; for mark-as-read, the message marked.</summary>
    public string? ProviderMessageId { get; }

    public SendError? Error { get; }

    public bool Succeeded => Error is null;

    public static SendResult Sent(string providerMessageId) => new(providerMessageId, null);

    public static SendResult Failed(SendError error) => new(null, error);
}
