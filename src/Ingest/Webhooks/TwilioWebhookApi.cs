using Ingest.Acceptance;
using Ingest.Mapping;
using Ingest.Telemetry;
using Messaging.Channels.Twilio;
using Messaging.Contracts;
using Messaging.Tenancy.Reading;
using Microsoft.Extensions.Options;

namespace Ingest.Webhooks;

/// <summary>
/// Twilio's WhatsApp webhook: inbound messages and status callbacks, answered with empty
/// TwiML (replies go through the REST API). Twilio does not retry by default, which is why
/// a 200 here always means the event is on its stream or in the spool.
/// </summary>
public static partial class TwilioWebhookApi
{
    const string Provider = "twilio";

    public static IEndpointRouteBuilder MapTwilioWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/twilio/whatsapp", ReceiveAsync);
        return app;
    }

    static async Task<IResult> ReceiveAsync(
        HttpRequest request,
        ITenancyReader tenancy,
        WebhookAcceptor acceptor,
        IngestMetrics metrics,
        IOptions<IngestOptions> options,
        TimeProvider time,
        ILogger<WebhookLog> logger,
        CancellationToken cancellationToken)
    {
        var (twilio, refusal) = await TwilioRequest.ReadAsync(request, options, cancellationToken);
        if (twilio is null)
        {
            metrics.Malformed(Provider);
            LogMalformed(logger, $"not a form within the size limit (content type {request.ContentType}, {request.ContentLength} bytes)");
            return refusal!;
        }
        var receivedAt = time.GetUtcNow();
        var parsed = TwilioWebhookParser.Parse(twilio.Form, receivedAt);
        if (parsed.Batch is not { } batch)
        {
            metrics.Malformed(Provider);
            LogMalformed(logger, parsed.Error);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable webhook", detail: parsed.Error);
        }

        var address = batch.ChannelAddresses.FirstOrDefault();
        if (address is null || await tenancy.FindTwilioChannelAsync(address, cancellationToken) is not { } channel || channel.Twilio is null)
        {
            metrics.UnknownChannel(Provider);
            LogUnknownChannel(logger, address);
            return TwiML.Result(TwiML.Empty());
        }
        if (!twilio.IsSignedWith(channel.Twilio.AuthToken))
        {
            metrics.BadSignature(Provider);
            LogBadSignature(logger, channel.Id, twilio.SignedUrl, twilio.Signature.Length > 0);
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (batch.Rejected.Count > 0)
        {
            // Twilio posts one message at a time: a rejected one leaves nothing to accept.
            foreach (var item in batch.Rejected)
            {
                metrics.Rejected(Provider);
                LogRejected(logger, channel.Id, item.ProviderMessageId, item.Reason);
            }
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unusable webhook", detail: string.Join(" ", batch.Rejected.Select(r => r.Reason)));
        }

        var events = new List<AcceptedEvent>();
        foreach (var message in batch.Messages)
        {
            if (!channel.Allows(message.From))
            {
                metrics.NotAllowed(Provider);
                LogNotAllowed(logger, channel.Id);
                continue;
            }
            events.Add(new AcceptedEvent(StreamNames.Inbound, InboundEvents.DeduplicationKey(message, channel), InboundEvents.ToEvent(message, channel, receivedAt)));
        }
        events.AddRange(batch.Statuses.Select(status =>
            new AcceptedEvent(StreamNames.Status, InboundEvents.DeduplicationKey(status, channel), InboundEvents.ToEvent(status, channel))));

        try
        {
            await acceptor.AcceptAsync(Provider, events, cancellationToken);
            return TwiML.Result(TwiML.Empty());
        }
        catch (EventsNotDurableException)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an unreadable Twilio webhook: {Reason}")]
    static partial void LogMalformed(ILogger logger, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a Twilio webhook for channel {ChannelId} (message {ProviderMessageId}): {Reason}")]
    static partial void LogRejected(ILogger logger, string channelId, string? providerMessageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twilio webhook for {Number}, which no channel uses; acknowledged and dropped")]
    static partial void LogUnknownChannel(ILogger logger, string? number);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Twilio webhook for channel {ChannelId}: signature does not match its auth token for {SignedUrl} (header present: {HeaderPresent})")]
    static partial void LogBadSignature(ILogger logger, string channelId, string signedUrl, bool headerPresent);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped a message to channel {ChannelId} from a number outside its allowlist")]
    static partial void LogNotAllowed(ILogger logger, string channelId);
}
