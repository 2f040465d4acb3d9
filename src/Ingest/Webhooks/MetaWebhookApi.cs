using Ingest.Acceptance;
using Ingest.Mapping;
using Ingest.Telemetry;
using Messaging.Channels.Inbound;
using Messaging.Channels.Meta;
using Messaging.Contracts;
using Messaging.Tenancy.Model;
using Messaging.Tenancy.Reading;
using Microsoft.Extensions.Options;

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
        IOptions<IngestOptions> options,
        TimeProvider time,
        ILogger<WebhookLog> logger,
        CancellationToken cancellationToken)
    {
        var body = await WebhookBody.ReadAsync(request, options.Value.MaxBodyBytes, cancellationToken);
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
        var addresses = batch.ChannelAddresses.ToList();
        if (addresses.Count == 0 && batch.Rejected.Count > 0)
        {
            // Not even the business number is readable: there is no app secret to check it against.
            return Rejected(batch, metrics, logger, channelId: null);
        }
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
            // A platform-app number has no Meta settings when this Ingest has no platform app configured.
            LogBadSignature(logger, unsigned.Id, signature.Length > 0, unsigned.Meta?.UsesPlatformApp ?? true);
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
        foreach (var field in batch.IgnoredFields.Distinct(StringComparer.Ordinal))
        {
            LogIgnoredField(logger, field);
        }
        if (batch.Messages.Count == 0 && batch.Statuses.Count == 0 && batch.Errors.Count == 0 && batch.Rejected.Count > 0)
        {
            return Rejected(batch, metrics, logger, channels.Values.First().Id);
        }
        foreach (var item in batch.Rejected)
        {
            // Its good siblings go on; Meta gets its 200 and does not redeliver the whole batch.
            metrics.Rejected(Provider);
            LogRejected(logger, item.ChannelAddress is { } a && channels.TryGetValue(a, out var c) ? c.Id : null, item.ProviderMessageId, item.Reason);
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

    /// <summary>A delivery of which nothing can be used: 400 with every reason, so the sender can see what is wrong.</summary>
    static IResult Rejected(WebhookBatch batch, IngestMetrics metrics, ILogger logger, string? channelId)
    {
        foreach (var item in batch.Rejected)
        {
            metrics.Rejected(Provider);
            LogRejected(logger, channelId, item.ProviderMessageId, item.Reason);
        }
        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unusable webhook",
            detail: string.Join(" ", batch.Rejected.Select(r => r.Reason)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Meta webhook handshake (mode '{Mode}', unknown verify token)")]
    static partial void LogHandshakeRefused(ILogger logger, string mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an unreadable Meta webhook: {Reason}")]
    static partial void LogMalformed(ILogger logger, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meta webhook for phone_number_id {PhoneNumberId}, which no channel uses; acknowledged and dropped")]
    static partial void LogUnknownChannel(ILogger logger, string phoneNumberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Meta webhook for channel {ChannelId}: signature does not match its app secret (header present: {HeaderPresent}, platform app: {PlatformApp})")]
    static partial void LogBadSignature(ILogger logger, string channelId, bool headerPresent, bool platformApp);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped a message to channel {ChannelId} from a number outside its allowlist")]
    static partial void LogNotAllowed(ILogger logger, string channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected an item of a Meta webhook for channel {ChannelId} (message {ProviderMessageId}): {Reason}")]
    static partial void LogRejected(ILogger logger, string? channelId, string? providerMessageId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Meta webhook change '{Field}' acknowledged; it carries no customer message")]
    static partial void LogIgnoredField(ILogger logger, string field);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meta reported an error for {PhoneNumberId}: {Code} {Title}")]
    static partial void LogProviderError(ILogger logger, string? phoneNumberId, int? code, string? title);
}

/// <summary>The log category of the webhook endpoints.</summary>
public sealed class WebhookLog;
