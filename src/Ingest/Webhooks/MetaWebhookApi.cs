using Ingest.Acceptance;
using Ingest.Mapping;
using Ingest.Telemetry;
using Messaging.Channels.Meta;
using Messaging.Contracts;
using Messaging.Tenancy.Model;
using Messaging.Tenancy.Reading;

namespace Ingest.Webhooks;

/// <summary>
/// The WhatsApp Cloud API webhook: the subscription handshake, and deliveries of messages,
/// statuses and errors. Meta retries anything but a 200 for days, so a delivery we cannot
/// use (unknown number, a sender outside the allowlist) is still answered 200.
/// </summary>
public static partial class MetaWebhookApi
{
    const string Provider = "meta";

    public static IEndpointRouteBuilder MapMetaWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/webhooks/whatsapp", VerifyAsync);
        app.MapPost("/webhooks/whatsapp", ReceiveAsync);
        return app;
    }

    static async Task<IResult> VerifyAsync(HttpRequest request, ITenancyReader tenancy, ILogger<WebhookLog> logger, CancellationToken cancellationToken)
    {
        var token = request.Query["hub.verify_token"].ToString();
        if (token.Length > 0 && await tenancy.IsMetaVerifyTokenAsync(token, cancellationToken) &&
            MetaWebhookHandshake.Check(request.Query, token) is { } challenge)
        {
            return Results.Text(challenge, "text/plain");
        }
        LogHandshakeRefused(logger, request.Query["hub.mode"].ToString());
        return Results.StatusCode(StatusCodes.Status403Forbidden);
    }

    static async Task<IResult> ReceiveAsync(
        HttpRequest request,
        ITenancyReader tenancy,
        WebhookAcceptor acceptor,
        IngestMetrics metrics,
        TimeProvider time,
        ILogger<WebhookLog> logger,
        CancellationToken cancellationToken)
    {
        var body = await WebhookBody.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return WebhookBody.TooLarge();
        }
        var receivedAt = time.GetUtcNow();
        var parsed = MetaWebhookParser.Parse(body, receivedAt);
        if (parsed.Batch is not { } batch)
        {
            metrics.Malformed(Provider);
            LogMalformed(logger, parsed.Error);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable webhook", detail: parsed.Error);
        }

        // One delivery belongs to one Meta app, but may name several of its numbers.
        var channels = new Dictionary<string, TenantChannel>(StringComparer.Ordinal);
        var addresses = batch.Messages.Select(m => m.ChannelAddress).Concat(batch.Statuses.Select(s => s.ChannelAddress)).Distinct();
        foreach (var address in addresses)
        {
            if (await tenancy.FindMetaChannelAsync(address, cancellationToken) is { } channel)
            {
                channels[address] = channel;
            }
            else
            {
                metrics.UnknownChannel(Provider);
                LogUnknownChannel(logger, address);
            }
        }
        if (channels.Count == 0)
        {
            return Results.Ok();
        }

        var signature = request.Headers[MetaSignature.HeaderName].ToString();
        var unsigned = channels.Values.FirstOrDefault(c => c.Meta is null || !MetaSignature.Verify(c.Meta.AppSecret, body, signature));
        if (unsigned is not null)
        {
            metrics.BadSignature(Provider);
            LogBadSignature(logger, unsigned.Id, signature.Length > 0);
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var events = new List<AcceptedEvent>();
        foreach (var message in batch.Messages)
        {
            if (!channels.TryGetValue(message.ChannelAddress, out var channel))
            {
                continue;
            }
            if (!channel.Allows(message.From))
            {
                metrics.NotAllowed(Provider);
                LogNotAllowed(logger, channel.Id);
                continue;
            }
            events.Add(new AcceptedEvent(StreamNames.Inbound, InboundEvents.DeduplicationKey(message, channel), InboundEvents.ToEvent(message, channel, receivedAt)));
        }
        foreach (var status in batch.Statuses)
        {
            if (channels.TryGetValue(status.ChannelAddress, out var channel))
            {
                events.Add(new AcceptedEvent(StreamNames.Status, InboundEvents.DeduplicationKey(status, channel), InboundEvents.ToEvent(status, channel)));
            }
        }
        foreach (var error in batch.Errors)
        {
            LogProviderError(logger, error.ChannelAddress, error.Error.Code, error.Error.Title ?? error.Error.Message);
        }

        try
        {
            await acceptor.AcceptAsync(Provider, events, cancellationToken);
            return Results.Ok();
        }
        catch (EventsNotDurableException)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Meta webhook handshake (mode '{Mode}', unknown verify token)")]
    static partial void LogHandshakeRefused(ILogger logger, string mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an unreadable Meta webhook: {Reason}")]
    static partial void LogMalformed(ILogger logger, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meta webhook for phone_number_id {PhoneNumberId}, which no channel uses; acknowledged and dropped")]
    static partial void LogUnknownChannel(ILogger logger, string phoneNumberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Meta webhook for channel {ChannelId}: signature does not match its app secret (header present: {HeaderPresent})")]
    static partial void LogBadSignature(ILogger logger, string channelId, bool headerPresent);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped a message to channel {ChannelId} from a number outside its allowlist")]
    static partial void LogNotAllowed(ILogger logger, string channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meta reported an error for {PhoneNumberId}: {Code} {Title}")]
    static partial void LogProviderError(ILogger logger, string? phoneNumberId, int? code, string? title);
}

/// <summary>The log category of the webhook endpoints.</summary>
public sealed class WebhookLog;
