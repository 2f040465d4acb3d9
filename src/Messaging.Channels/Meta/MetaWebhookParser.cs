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

            var objectType = root.String("object");
            if (objectType is not null && objectType != "whatsapp_business_account")
                return WebhookParseResult.Failure($"The webhook is for '{objectType}', not 'whatsapp_business_account'.");

            if (!root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
                return WebhookParseResult.Failure("The body has no 'entry' array.");

            return WebhookParseResult.Success(ReadEntries(entries, receivedAt));
        }
    }

    private static WebhookBatch ReadEntries(JsonElement entries, DateTimeOffset receivedAt)
    {
        var messages = new List<InboundMessage>();
        var statuses = new List<DeliveryStatus>();
        var errors = new List<WebhookError>();
        var ignored = new List<string>();

        foreach (var entry in entries.EnumerateArray())
        {
            foreach (var change in entry.Array("changes"))
            {
                var field = change.String("field") ?? MessagesField;
                if (change.Object("value") is not { } value)
                    continue;
                if (field != MessagesField)
                {
                    ignored.Add(field);
                    continue;
                }

                var channel = value.Object("metadata").String("phone_number_id") ?? string.Empty;
                var contacts = value.Array("contacts").ToList();

                foreach (var message in value.Array("messages"))
                    messages.Add(MetaMessageReader.Read(message, channel, contacts, receivedAt));

                foreach (var status in value.Array("statuses"))
                    statuses.Add(ReadStatus(status, channel, receivedAt));

                foreach (var error in value.Array("errors"))
                    errors.Add(new WebhookError(channel, ReadError(error)));
            }
        }

        return new WebhookBatch(messages, statuses, errors, ignored);
    }

    private static DeliveryStatus ReadStatus(JsonElement status, string channel, DateTimeOffset receivedAt)
    {
        var raw = status.String("status") ?? string.Empty;
        var conversation = status.Object("conversation");
        var pricing = status.Object("pricing");

        return new DeliveryStatus(
            channel,
            status.String("id") ?? string.Empty,
            PhoneNumbers.ToE164(status.String("recipient_id")),
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
