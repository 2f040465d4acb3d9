namespace Messaging.Channels.Inbound;

/// <summary>Everything one webhook delivery carried, in the order it came.</summary>
/// <param name="IgnoredFields">Subscribed change fields other than messages (template or account updates), for logs.</param>
public sealed record WebhookBatch(
    IReadOnlyList<InboundMessage> Messages,
    IReadOnlyList<DeliveryStatus> Statuses,
    IReadOnlyList<WebhookError> Errors,
    IReadOnlyList<string> IgnoredFields)
{
    public static WebhookBatch Empty { get; } = new([], [], [], []);
}

/// <summary>A parsed delivery, or why the body could not be read.</summary>
public sealed record WebhookParseResult
{
    private WebhookParseResult(WebhookBatch? batch, string? error)
    {
        Batch = batch;
        Error = error;
    }

    public WebhookBatch? Batch { get; }

    /// <summary>Why parsing failed, worded for a log line; null on success.</summary>
    public string? Error { get; }

    public bool Succeeded => Batch is not null;

    public static WebhookParseResult Success(WebhookBatch batch) => new(batch, null);

    public static WebhookParseResult Failure(string error) => new(null, error);
}
