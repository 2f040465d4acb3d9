using System.Text.Json;
using Messaging.Channels.Inbound;
using Messaging.Channels.Json;

namespace Messaging.Channels.Meta;

/// <summary>
/// Reads a whole Cloud API webhook delivery: every entry, every change, every message, status
/// and error in it. Unknown fields are ignored and unknown message types are kept as
/// <see cref="InboundKind.Unsupported"/>.
/// </summary>
public static class MetaWebhookParser
{
    private const string MessagesField = "messages";

    /// <param name="receivedAt">Stands in for a missing or unreadable provider timestamp.</param>
    public static WebhookParseResult Parse(ReadOnlyMemory<byte> body, DateTimeOffset receivedAt)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return WebhookParseResult.Failure($"The body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return WebhookParseResult.Failure("The body is not a JSON object.");

            try
            {
                var objectType = root.String("object");
                if (objectType is not null && objectType != "whatsapp_business_account")
                    return WebhookParseResult.Failure($"The webhook is for '{objectType}', not 'whatsapp_business_account'.");

                if (!root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
                    return WebhookParseResult.Failure("The body has no 'entry' array.");

                return WebhookParseResult.Success(ReadEntries(entries, receivedAt));
            }
            catch (MalformedItemException ex)
            {
                return WebhookParseResult.Failure(ex.Message);
            }
        }
    }

    private static WebhookBatch ReadEntries(JsonElement entries, DateTimeOffset receivedAt)
    {
        var messages = new List<InboundMessage>();
        var statuses = new List<DeliveryStatus>();
        var errors = new List<WebhookError>();
        var ignored = new List<string>();
        var rejected = new List<RejectedItem>();

        foreach (var entry in entries.EnumerateArray())
        {
            foreach (var change in entry.Array("changes"))
            {
                var field = change.String("field") ?? MessagesField;
                if (change.Object("value") is not { } value)
                    continue;
                if (field != MessagesField)
                {
                    // Account, template, quality and call updates, message echoes and history
                    // are subscribed fields of their own; none of them is a customer message.
                    ignored.Add(field);
                    continue;
                }

                var channel = value.Object("metadata").String("phone_number_id");
                if (string.IsNullOrWhiteSpace(channel))
                {
                    var count = value.Array("messages").Count() + value.Array("statuses").Count();
                    if (count > 0)
                        rejected.Add(new RejectedItem(null, null, $"A change with {count} message(s) or status(es) has no metadata.phone_number_id."));
                    continue;
                }
                var contacts = value.Array("contacts").ToList();

                foreach (var message in value.Array("messages"))
                    Read(message, channel, rejected, item => messages.Add(MetaMessageReader.Read(item, channel, contacts, receivedAt)));

                foreach (var status in value.Array("statuses"))
                    Read(status, channel, rejected, item => statuses.Add(ReadStatus(item, channel, receivedAt)));

                foreach (var error in value.Array("errors"))
                    Read(error, channel, rejected, item => errors.Add(new WebhookError(channel, ReadError(item))));
            }
        }

        return new WebhookBatch(messages, statuses, errors, ignored) { Rejected = rejected };
    }

    /// <summary>Reads one item; what cannot be read is rejected alone, its siblings stand.</summary>
    private static void Read(JsonElement item, string channel, List<RejectedItem> rejected, Action<JsonElement> read)
    {
        try
        {
            read(item);
        }
        catch (MalformedItemException ex)
        {
            rejected.Add(new RejectedItem(channel, IdOf(item), ex.Message));
        }
    }

    private static string? IdOf(JsonElement item)
    {
        try
        {
            return InboundLimits.LoggableId(item.String("id"));
        }
        catch (MalformedItemException)
        {
            return null;
        }
    }

    private static DeliveryStatus ReadStatus(JsonElement status, string channel, DateTimeOffset receivedAt)
    {
        var raw = status.String("status") ?? string.Empty;
        var conversation = status.Object("conversation");
        var pricing = status.Object("pricing");
        var id = status.String("id");
        if (string.IsNullOrWhiteSpace(id))
            throw new MalformedItemException("The status has no id.");
        InboundLimits.Id(id, "status");
        // A message sent to a business-scoped user id reports it as recipient_user_id.
        var recipientId = status.String("recipient_id");
        var recipient = PhoneNumbers.Digits(recipientId).Length > 0 ? InboundLimits.Phone(recipientId, $"recipient of status {id}")
            : status.String("recipient_user_id") is { } userId && CustomerAddress.IsBusinessScopedUserId(userId) ? userId.Trim()
            : throw new MalformedItemException($"Status {id} has no recipient (neither 'recipient_id' nor 'recipient_user_id').");

        return new DeliveryStatus(
            channel,
            id,
            recipient,
            raw switch
            {
                "sent" => DeliveryState.Sent,
                "delivered" => DeliveryState.Delivered,
                "read" or "played" => DeliveryState.Read,
                "failed" => DeliveryState.Failed,
                _ => DeliveryState.Unknown,
            },
            raw,
            status.UnixTime("timestamp") ?? receivedAt)
        {
            Errors = [.. status.Array("errors").Select(ReadError)],
            Conversation = conversation is { } c
                ? new StatusConversation(c.String("id"), c.Object("origin").String("type"), c.UnixTime("expiration_timestamp"))
                : null,
            Pricing = pricing is { } p
                ? new StatusPricing(p.Boolean("billable") ?? false, p.String("pricing_model"), p.String("category"), p.String("type"))
                : null,
        };
    }

    internal static ProviderError ReadError(JsonElement error) => new(
        error.Int32("code"),
        error.String("title"),
        error.String("message"),
        error.Object("error_data").String("details"));
}
