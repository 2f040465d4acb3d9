using System.Text;
using Messaging.Channels.Inbound;
using Messaging.Channels.Meta;

namespace Messaging.Channels.Tests.Meta;

/// <summary>
/// Shapes from Meta's webhook reference beyond the everyday ones: flow replies, username-only
/// users, late failures, every other subscribed field, and items that cannot be read.
/// </summary>
public sealed class MetaWebhookReferenceTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static WebhookBatch Parse(string json)
    {
        var result = MetaWebhookParser.Parse(Encoding.UTF8.GetBytes(json), ReceivedAt);
        Assert.True(result.Succeeded, result.Error);
        return result.Batch!;
    }

    private static string Change(string field, string value) => $$$"""
        { "object": "whatsapp_business_account", "entry": [{ "id": "102290129340398", "time": 1763700000,
          "changes": [{ "field": "{{{field}}}", "value": {{{value}}} }] }] }
        """;

    [Fact]
    public void A_completed_flow_keeps_its_answers()
    {
        var message = Assert.Single(Parse(MetaPayloads.Message("""
            { "context": { "from": "15550783881", "id": "wamid.FLOW" }, "from": "16315551181", "id": "wamid.F", "timestamp": "1763700000",
              "type": "interactive", "interactive": { "type": "nfm_reply",
                "nfm_reply": { "name": "flow", "body": "Sent", "response_json": "{\"flow_token\":\"T\",\"date\":\"2026-12-24\"}" } } }
            """)).Messages);
        Assert.Equal(InboundKind.Interactive, message.Kind);
        Assert.Equal("flow", message.ReplyId);
        Assert.Contains("2026-12-24", message.Text, StringComparison.Ordinal);
        Assert.Equal("wamid.FLOW", message.ContextMessageId);
    }

    [Fact]
    public void A_username_only_user_is_addressed_by_business_scoped_user_id()
    {
        var batch = Parse(Change("messages", """
            { "messaging_product": "whatsapp", "metadata": { "display_phone_number": "15550783881", "phone_number_id": "P1" },
              "contacts": [{ "profile": { "name": "Nia", "username": "@nia" }, "user_id": "US.ENT.11815799212886844830" }],
              "messages": [{ "from_user_id": "US.ENT.11815799212886844830", "id": "wamid.U", "timestamp": "1763700000", "type": "text", "text": { "body": "hi" } }] }
            """));
        var message = Assert.Single(batch.Messages);
        Assert.Equal("US.ENT.11815799212886844830", message.From);
        Assert.Equal("US.ENT.11815799212886844830", message.UserId);
        Assert.Equal("Nia", message.ContactName);
        Assert.Equal("US.ENT.11815799212886844830", CustomerAddress.Key(message.From));
    }

    [Fact]
    public void A_user_with_both_a_number_and_a_user_id_stays_keyed_on_the_number()
    {
        var message = Assert.Single(Parse(MetaPayloads.Message("""
            { "from": "16315551181", "from_user_id": "US.13491208655302741918", "id": "wamid.B", "timestamp": "1763700000", "type": "text", "text": { "body": "hi" } }
            """)).Messages);
        Assert.Equal("+16315551181", message.From);
        Assert.Equal("US.13491208655302741918", message.UserId);
    }

    [Fact]
    public void A_late_failure_sent_to_a_user_id_carries_its_error_and_recipient()
    {
        var status = Assert.Single(Parse(MetaPayloads.Status("""
            { "id": "wamid.OUT", "status": "failed", "timestamp": "1763700000", "recipient_user_id": "BR.1502576394655843",
              "errors": [{ "code": 131047, "title": "Re-engagement message", "message": "Re-engagement message",
                           "error_data": { "details": "Message failed to send because more than 24 hours have passed since the customer last replied to this number." } }] }
            """)).Statuses);
        Assert.Equal(DeliveryState.Failed, status.State);
        Assert.Equal("BR.1502576394655843", status.Recipient);
        var error = Assert.Single(status.Errors);
        Assert.Equal(131047, error.Code);
        Assert.Contains("24 hours", error.Details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("account_update", """{ "phone_number": "15550783881", "event": "VERIFIED_ACCOUNT" }""")]
    [InlineData("account_review_update", """{ "decision": "APPROVED" }""")]
    [InlineData("message_template_status_update", """{ "event": "APPROVED", "message_template_id": 1, "message_template_name": "follow_up", "message_template_language": "en_US", "reason": "NONE" }""")]
    [InlineData("message_template_quality_update", """{ "previous_quality_score": "GREEN", "new_quality_score": "YELLOW", "message_template_id": 1, "message_template_name": "follow_up", "message_template_language": "en_US" }""")]
    [InlineData("template_category_update", """{ "message_template_id": 1, "message_template_name": "follow_up", "message_template_language": "en_US", "previous_category": "UTILITY", "new_category": "MARKETING" }""")]
    [InlineData("phone_number_quality_update", """{ "display_phone_number": "15550783881", "event": "FLAGGED", "current_limit": "TIER_1K" }""")]
    [InlineData("phone_number_name_update", """{ "display_phone_number": "15550783881", "decision": "APPROVED", "requested_verified_name": "Cafe" }""")]
    [InlineData("business_capability_update", """{ "max_daily_conversation_per_phone": 1000, "max_phone_numbers_per_business": 2 }""")]
    [InlineData("security", """{ "display_phone_number": "15550783881", "event": "PIN_CHANGED" }""")]
    [InlineData("calls", """{ "messaging_product": "whatsapp", "metadata": { "display_phone_number": "15550783881", "phone_number_id": "P1" }, "calls": [{ "id": "wacid.1", "from": "16315551181", "to": "15550783881", "event": "connect", "timestamp": "1763700000", "direction": "USER_INITIATED" }] }""")]
    [InlineData("smb_message_echoes", """{ "messaging_product": "whatsapp", "metadata": { "display_phone_number": "15550783881", "phone_number_id": "P1" }, "message_echoes": [{ "from": "15550783881", "to": "16315551181", "id": "wamid.E", "timestamp": "1763700000", "type": "text", "text": { "body": "sent from the phone" } }] }""")]
    [InlineData("history", """{ "messaging_product": "whatsapp", "metadata": { "display_phone_number": "15550783881", "phone_number_id": "P1" }, "history": [{ "metadata": { "phase": 0, "chunk_order": 1, "progress": 10 }, "threads": [] }] }""")]
    [InlineData("user_preferences", """{ "messaging_product": "whatsapp", "metadata": { "display_phone_number": "15550783881", "phone_number_id": "P1" }, "user_preferences": [{ "wa_id": "16315551181", "detail": "User requested to stop marketing messages", "category": "marketing_messages", "value": "stop", "timestamp": 1763700000 }] }""")]
    public void Every_other_subscribed_field_is_read_and_set_aside(string field, string value)
    {
        var batch = Parse(Change(field, value));
        Assert.Empty(batch.Messages);
        Assert.Empty(batch.Statuses);
        Assert.Empty(batch.Rejected);
        Assert.Equal([field], batch.IgnoredFields);
    }

    [Theory]
    [InlineData("request_welcome", """ "request_welcome": {} """)]
    [InlineData("unsupported", """ "errors": [{ "code": 131051, "title": "Message type unknown" }] """)]
    [InlineData("ephemeral", """ "errors": [{ "code": 131051, "title": "Message type is not currently supported" }] """)]
    public void Other_message_types_are_kept_as_unsupported(string type, string content)
    {
        var message = Assert.Single(Parse(MetaPayloads.Message($$$"""
            { "from": "16315551181", "id": "wamid.O", "timestamp": "1763700000", "type": "{{{type}}}", {{{content}}} }
            """)).Messages);
        Assert.Equal(InboundKind.Unsupported, message.Kind);
        Assert.Equal(type, message.RawType);
    }

    [Fact]
    public void Unreadable_items_are_rejected_with_their_reason_and_their_siblings_read()
    {
        var batch = Parse(Change("messages", """
            { "messaging_product": "whatsapp", "metadata": { "display_phone_number": "15550783881", "phone_number_id": "P1" },
              "messages": [
                { "from": "16315551181", "id": "wamid.1", "timestamp": "1763700000", "type": "text", "text": { "body": "good" } },
                { "from": "16315551181", "id": "wamid.2", "timestamp": "1763700000", "type": "text", "text": { "body": "\ud83d" } },
                { "from": "16315551181", "timestamp": "1763700000", "type": "text", "text": { "body": "no id" } },
                { "id": "wamid.4", "timestamp": "1763700000", "type": "text", "text": { "body": "no sender" } },
                { "from": "16315551181", "id": "wamid.5", "timestamp": "1763700000", "type": "location", "location": { "latitude": "NaN", "longitude": 1 } },
                { "from": "16315551181", "id": "wamid.6", "timestamp": "1763700000", "type": "text", "text": { "body": "nul\u0000byte" } }
              ],
              "statuses": [{ "status": "sent", "timestamp": "1763700000", "recipient_id": "16315551181" }] }
            """));
        Assert.Equal(["wamid.1", "wamid.6"], batch.Messages.Select(m => m.ProviderMessageId));
        Assert.Equal("nulbyte", batch.Messages[1].Text);
        Assert.Empty(batch.Statuses);
        Assert.Equal([("wamid.2", "Unicode"), (null, "no id"), ("wamid.4", "no sender"), ("wamid.5", "not a place on Earth"), (null, "no id")],
            batch.Rejected.Select(r => (r.ProviderMessageId, Keyword(r.Reason))));
        Assert.All(batch.Rejected, r => Assert.Equal("P1", r.ChannelAddress));
    }

    private static readonly string[] ReasonKeywords = ["Unicode", "no id", "no sender", "not a place on Earth"];

    private static string Keyword(string reason) => ReasonKeywords.First(k => reason.Contains(k, StringComparison.Ordinal));
}
