namespace Messaging.Channels.Errors;

/// <summary>A classified send failure.</summary>
/// <param name="Code">The provider's error code (Meta <c>code</c>, Twilio <c>code</c>/<c>ErrorCode</c>), when it gave one.</param>
/// <param name="Explanation">What happened, in words a business owner understands; Admin shows it.</param>
/// <param name="ProviderMessage">The provider's own message, for operators and logs.</param>
public sealed record SendError(
    WhatsAppProvider Provider,
    SendErrorCategory Category,
    int? Code,
    string Explanation,
    string? ProviderMessage)
{
    public int? HttpStatus { get; init; }

    /// <summary>Meta's <c>error_subcode</c>.</summary>
    public int? Subcode { get; init; }

    /// <summary>Meta's <c>error_data.details</c> or Twilio's <c>more_info</c> link.</summary>
    public string? Details { get; init; }

    /// <summary>Meta's <c>fbtrace_id</c>, to quote to Meta support.</summary>
    public string? TraceId { get; init; }

    /// <summary>How long to wait before retrying; set only for <see cref="SendErrorCategory.Retryable"/>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public bool IsRetryable => Category == SendErrorCategory.Retryable;
}
