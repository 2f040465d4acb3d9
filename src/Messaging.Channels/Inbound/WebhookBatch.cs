namespace Messaging.Channels.Inbound;

/// <summary>Everything one webhook delivery carried, in the order it came.</summary>
/// <param name="IgnoredFields">Subscribed change fields other than messages (template or account updates, calls, echoes), for logs.</param>
public sealed record WebhookBatch(
    IReadOnlyList<InboundMessage> Messages,
    IReadOnlyList<DeliveryStatus> Statuses,
    IReadOnlyList<WebhookError> Errors,
    IReadOnlyList<string> IgnoredFields)
{
    public static WebhookBatch Empty { get; } = new([], [], [], []);

    /// <summary>Items that could not be read; the rest of the delivery stands.</summary>
    public IReadOnlyList<RejectedItem> Rejected { get; init; } = [];

    /// <summary>Every channel address the delivery names, readable items and rejected ones alike.</summary>
    public IEnumerable<string> ChannelAddresses =>
        Messages.Select(m => m.ChannelAddress)
            .Concat(Statuses.Select(s => s.ChannelAddress))
            .Concat(Rejected.Select(r => r.ChannelAddress).OfType<string>())
            .Where(address => address.Length > 0)
            .Distinct(StringComparer.Ordinal);
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
