using System.Text;
using Messaging.Channels.Inbound;
using Messaging.Channels.Meta;

namespace Messaging.Channels.Tests.Meta;

public sealed class MetaWebhookParserTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static WebhookBatch Parse(string json)
    {
        var result = MetaWebhookParser.Parse(Encoding.UTF8.GetBytes(json), ReceivedAt);
        Assert.True(result.Succeeded, result.Error);
        return result.Batch!;
    }

    private static InboundMessage ParseOne(string message) => Assert.Single(Parse(MetaPayloads.Message(message)).Messages);

    [Fact]
    public void Text_message_with_its_sender_name_and_time()
    {
        var message = ParseOne("""
            { "from": "16315551181", "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
              "timestamp": "1669233778", "text": { "body": "this is a text message" }, "type": "text" }
            """);

        Assert.Equal(InboundKind.Text, message.Kind);
        Assert.Equal("text", message.RawType);
        Assert.Equal("this is a text message", message.Text);
        Assert.Equal("+16315551181", message.From);
        Assert.Equal("Sheena Nelson", message.ContactName);
        Assert.Equal(MetaPayloads.PhoneNumberId, message.ChannelAddress);
        Assert.Equal("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=", message.ProviderMessageId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1669233778), message.SentAt);
        Assert.Null(message.ContextMessageId);
    }

    [Fact]
    public void Quoted_reply_keeps_the_context_message_id()
    {
        var message = ParseOne("""
            { "context": { "from": "15550783881", "id": "wamid.QUOTED" }, "from": "16315551181", "id": "wamid.X",
              "timestamp": "1669233778", "text": { "body": "yes" }, "type": "text" }
            """);
        Assert.Equal("wamid.QUOTED", message.ContextMessageId);
    }

    [Theory]
    [InlineData("image", InboundKind.Image)]
    [InlineData("video", InboundKind.Video)]
    public void Captioned_media(string type, InboundKind kind)
    {
        var message = ParseOne($$"""
            { "from": "16315551181", "id": "wamid.M", "timestamp": "1669233778", "type": "{{type}}",
              "{{type}}": { "caption": "look", "mime_type": "{{type}}/x", "sha256": "H", "id": "1003383421387256" } }
            """);

        Assert.Equal(kind, message.Kind);
        Assert.Equal("look", message.Text);
        var media = Assert.Single(message.Media);
        Assert.Equal("1003383421387256", media.ProviderMediaId);
        Assert.Equal(type + "/x", media.ContentType);
        Assert.Equal("look", media.Caption);
        Assert.Equal("H", media.Sha256);
    }

    [Fact]
    public void Voice_note()
    {
        var message = ParseOne("""
            { "from": "16315551181", "id": "wamid.A", "timestamp": "1669233778", "type": "audio",
              "audio": { "mime_type": "audio/ogg; codecs=opus", "sha256": "H", "id": "MEDIA_A", "voice": true } }
            """);
        Assert.Equal(InboundKind.Audio, message.Kind);
        var media = Assert.Single(message.Media);
        Assert.True(media.IsVoice);
        Assert.Equal("audio/ogg; codecs=opus", media.ContentType);
    }

    [Fact]
    public void Document_keeps_its_file_name()
    {
        var message = ParseOne("""
            { "from": "16315551181", "id": "wamid.D", "timestamp": "1669233778", "type": "document",
              "document": { "caption": "invoice", "filename": "invoice.pdf", "mime_type": "application/pdf", "sha256": "H", "id": "MEDIA_D" } }
            """);
        Assert.Equal(InboundKind.Document, message.Kind);
        Assert.Equal("invoice.pdf", Assert.Single(message.Media).FileName);
    }

    [Fact]
    public void Animated_sticker()
    {
        var message = ParseOne("""
            { "from": "16315551181", "id": "wamid.S", "timestamp": "1669233778", "type": "sticker",
              "sticker": { "mime_type": "image/webp", "sha256": "H", "id": "MEDIA_S", "animated": true } }
            """);
        Assert.Equal(InboundKind.Sticker, message.Kind);
        Assert.True(Assert.Single(message.Media).IsAnimated);
    }

    [Fact]
    public void Location()
    {
        var message = ParseOne("""
            { "from": "16315551181", "id": "wamid.L", "timestamp": "1669233778", "type": "location",
              "location": { "address": "1 Hacker Way, Menlo Park, CA 94025", "latitude": 37.483307, "longitude": -122.148981,
                            "name": "Main Campus", "url": "https://example.com" } }
            """);
        Assert.Equal(InboundKind.Location, message.Kind);
        Assert.Equal(new InboundLocation(37.483307, -122.148981, "Main Campus", "1 Hacker Way, Menlo Park, CA 94025", "https://example.com"), message.Location);
    }

    [Fact]
    public void Shared_contacts()
    {
        var message = ParseOne("""
            { "from": "16315551181", "id": "wamid.C", "timestamp": "1669233778", "type": "contacts",
              "contacts": [{
                "addresses": [{ "city": "Menlo Park", "type": "WORK" }],
                "emails": [{ "email": "bj@example.com", "type": "WORK" }],
                "name": { "first_name": "Barbara", "last_name": "Johnson", "formatted_name": "Barbara J. Johnson" },
                "org": { "company": "Social Tsunami" },
                "phones": [{ "phone": "+1 (940) 555-1234", "wa_id": "19405551234", "type": "MOBILE" }],
                "urls": [{ "url": "https://www.example.com", "type": "WORK" }]
              }] }
            """);
        Assert.Equal(InboundKind.Contacts, message.Kind);
        var contact = Assert.Single(message.Contacts);
        Assert.Equal("Barbara J. Johnson", contact.FormattedName);
        Assert.Equal(["+1 (940) 555-1234"], contact.Phones);
        Assert.Equal(["bj@example.com"], contact.Emails);
    }

    [Fact]
    public void Interactive_button_reply()
    {
        var message = ParseOne("""
            { "context": { "from": "15550783881", "id": "wamid.MENU" }, "from": "16315551181", "id": "wamid.I", "timestamp": "1669233778",
              "type": "interactive", "interactive": { "type": "button_reply", "button_reply": { "id": "book", "title": "Book now" } } }
            """);
        Assert.Equal(InboundKind.Interactive, message.Kind);
        Assert.Equal("book", message.ReplyId);
        Assert.Equal("Book now", message.Text);
        Assert.Equal("wamid.MENU", message.ContextMessageId);
    }

    [Fact]
    public void Interactive_list_reply()
    {
        var message = ParseOne("""
            { "from": "16315551181", "id": "wamid.I", "timestamp": "1669233778", "type": "interactive",
              "interactive": { "type": "list_reply", "list_reply": { "id": "row-2", "title": "Haircut", "description": "30 minutes" } } }
            """);
        Assert.Equal(InboundKind.Interactive, message.Kind);
        Assert.Equal("row-2", message.ReplyId);
        Assert.Equal("Haircut", message.Text);
    }

    [Fact]
    public void Template_quick_reply_button()
    {
        var message = ParseOne("""
            { "context": { "from": "15550783881", "id": "wamid.TEMPLATE" }, "from": "16315551181", "id": "wamid.B", "timestamp": "1669233778",
              "type": "button", "button": { "payload": "STOP_PROMOS", "text": "Stop promotions" } }
            """);
        Assert.Equal(InboundKind.Button, message.Kind);
        Assert.Equal("STOP_PROMOS", message.ReplyId);
        Assert.Equal("Stop promotions", message.Text);
        Assert.Equal("wamid.TEMPLATE", message.ContextMessageId);
    }

    [Fact]
    public void Reaction_and_removed_reaction()
    {
        var added = ParseOne("""
            { "from": "16315551181", "id": "wamid.R", "timestamp": "1669233778", "type": "reaction",
              "reaction": { "message_id": "wamid.OUT", "emoji": "😀" } }
            """);
        Assert.Equal(InboundKind.Reaction, added.Kind);
        Assert.Equal(new InboundReaction("wamid.OUT", "😀"), added.Reaction);

        var removed = ParseOne("""
            { "from": "16315551181", "id": "wamid.R2", "timestamp": "1669233778", "type": "reaction",
              "reaction": { "message_id": "wamid.OUT" } }
            """);
        Assert.Equal(new InboundReaction("wamid.OUT", null), removed.Reaction);
    }

    [Fact]
    public void Order()
    {
        var message = ParseOne("""
            { "from": "16315551181", "id": "wamid.O", "timestamp": "1669233778", "type": "order",
              "order": { "catalog_id": "CAT", "text": "please deliver", "product_items": [
                { "product_retailer_id": "SKU-1", "quantity": "2", "item_price": "12.50", "currency": "EUR" },
                { "product_retailer_id": "SKU-2", "quantity": 1, "item_price": 3, "currency": "EUR" } ] } }
            """);
        Assert.Equal(InboundKind.Order, message.Kind);
        Assert.Equal("CAT", message.Order!.CatalogId);
        Assert.Equal("please deliver", message.Text);
        Assert.Equal([new OrderItem("SKU-1", 2, 12.50m, "EUR"), new OrderItem("SKU-2", 1, 3m, "EUR")], message.Order.Items);
    }

    [Fact]
    public void Click_to_whatsapp_ad_referral()
    {
        var message = ParseOne("""
            { "referral": { "source_url": "https://fb.me/ad", "source_id": "ADID", "source_type": "ad", "headline": "Spring sale",
                            "body": "20% off", "media_type": "image", "image_url": "https://example.com/ad.jpg", "ctwa_clid": "CLID" },
              "from": "16315551181", "id": "wamid.REF", "timestamp": "1669233778", "type": "text", "text": { "body": "Is this still on?" } }
            """);
        Assert.Equal(InboundKind.Text, message.Kind);
        Assert.Equal(new AdReferral("https://fb.me/ad", "ADID", "ad", "Spring sale", "20% off", "image", "https://example.com/ad.jpg", "CLID"), message.Referral);
    }

    [Fact]
    public void System_message_for_a_changed_number()
    {
        var message = ParseOne("""
            { "from": "16315551181", "id": "wamid.SYS", "timestamp": "1669233778", "type": "system",
              "system": { "body": "NAME changed from 16315551181 to 16315551182", "wa_id": "16315551182", "type": "user_changed_number" } }
            """);
        Assert.Equal(InboundKind.System, message.Kind);
        Assert.Equal(new SystemNotice("user_changed_number", "NAME changed from 16315551181 to 16315551182", "16315551182"), message.System);
    }

    [Fact]
    public void Unsupported_message_is_kept_with_its_error()
    {
        var message = ParseOne("""
            { "from": "16315551181", "id": "wamid.U", "timestamp": "1669233778", "type": "unsupported",
              "errors": [{ "code": 131051, "title": "Message type unknown", "message": "Message type unknown",
                           "error_data": { "details": "Message type is currently not supported." } }] }
            """);
        Assert.Equal(InboundKind.Unsupported, message.Kind);
        Assert.Equal("unsupported", message.RawType);
        Assert.Equal(new ProviderError(131051, "Message type unknown", "Message type unknown", "Message type is currently not supported."), Assert.Single(message.Errors));
    }

    [Fact]
    public void Unknown_type_becomes_unsupported_with_the_raw_type_kept()
    {
        var message = ParseOne("""
            { "from": "16315551181", "id": "wamid.N", "timestamp": "1669233778", "type": "hologram",
              "hologram": { "depth": 3 }, "brand_new_field": { "x": 1 } }
            """);
        Assert.Equal(InboundKind.Unsupported, message.Kind);
        Assert.Equal("hologram", message.RawType);
        Assert.Equal("wamid.N", message.ProviderMessageId);
    }

    [Fact]
    public void Missing_timestamp_falls_back_to_the_receive_time()
    {
        var message = ParseOne("""{ "from": "16315551181", "id": "wamid.T", "type": "text", "text": { "body": "x" } }""");
        Assert.Equal(ReceivedAt, message.SentAt);
    }

    [Fact]
    public void Sent_status_with_conversation_and_pricing()
    {
        var status = Assert.Single(Parse(MetaPayloads.Status("""
            { "id": "wamid.OUT", "status": "sent", "timestamp": "1750263773", "recipient_id": "16505551234",
              "conversation": { "id": "CONVERSATION_ID", "expiration_timestamp": "1750350173", "origin": { "type": "service" } },
              "pricing": { "billable": true, "pricing_model": "PMP", "category": "service", "type": "free_customer_service" } }
            """)).Statuses);

        Assert.Equal(DeliveryState.Sent, status.State);
        Assert.Equal("wamid.OUT", status.ProviderMessageId);
        Assert.Equal("+16505551234", status.Recipient);
        Assert.Equal(MetaPayloads.PhoneNumberId, status.ChannelAddress);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1750263773), status.OccurredAt);
        Assert.Equal(new StatusConversation("CONVERSATION_ID", "service", DateTimeOffset.FromUnixTimeSeconds(1750350173)), status.Conversation);
        Assert.Equal(new StatusPricing(true, "PMP", "service", "free_customer_service"), status.Pricing);
        Assert.Empty(status.Errors);
    }

    [Theory]
    [InlineData("delivered", DeliveryState.Delivered)]
    [InlineData("read", DeliveryState.Read)]
    [InlineData("played", DeliveryState.Read)]
    [InlineData("deleted", DeliveryState.Unknown)]
    public void Other_statuses(string raw, DeliveryState expected)
    {
        var status = Assert.Single(Parse(MetaPayloads.Status($$"""
            { "id": "wamid.OUT", "status": "{{raw}}", "timestamp": "1750263773", "recipient_id": "16505551234" }
            """)).Statuses);
        Assert.Equal(expected, status.State);
        Assert.Equal(raw, status.RawStatus);
    }

    [Fact]
    public void Failed_status_carries_its_errors()
    {
        var status = Assert.Single(Parse(MetaPayloads.Status("""
            { "id": "wamid.OUT", "status": "failed", "timestamp": "1750263773", "recipient_id": "16505551234",
              "errors": [{ "code": 131047, "title": "Re-engagement message", "message": "Re-engagement message",
                           "error_data": { "details": "Message failed to send because more than 24 hours have passed since the customer last replied to this number." },
                           "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/" }] }
            """)).Statuses);
        Assert.Equal(DeliveryState.Failed, status.State);
        var error = Assert.Single(status.Errors);
        Assert.Equal(131047, error.Code);
        Assert.Equal("Re-engagement message", error.Title);
        Assert.StartsWith("Message failed to send because more than 24 hours", error.Details, StringComparison.Ordinal);
    }

    [Fact]
    public void Webhook_level_errors()
    {
        var batch = Parse($$"""
            { "object": "whatsapp_business_account", "entry": [{ "id": "WABA", "changes": [{ "field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": { "display_phone_number": "15550783881", "phone_number_id": "{{MetaPayloads.PhoneNumberId}}" },
                "errors": [{ "code": 131000, "title": "Something went wrong", "message": "Something went wrong",
                             "error_data": { "details": "Unknown error" } }] } }] }] }
            """);
        var error = Assert.Single(batch.Errors);
        Assert.Equal(MetaPayloads.PhoneNumberId, error.ChannelAddress);
        Assert.Equal(new ProviderError(131000, "Something went wrong", "Something went wrong", "Unknown error"), error.Error);
        Assert.Empty(batch.Messages);
    }

    [Fact]
    public void Batch_yields_every_entry_change_message_and_status()
    {
        var batch = Parse(MetaPayloads.Batch);

        Assert.Equal(["wamid.A1", "wamid.A2", "wamid.A3", "wamid.B1"], batch.Messages.Select(m => m.ProviderMessageId));
        Assert.Equal(["PNID_1", "PNID_1", "PNID_1", "PNID_2"], batch.Messages.Select(m => m.ChannelAddress));
        Assert.Equal(["Ana", "Ben", "Ana", "Chloé"], batch.Messages.Select(m => m.ContactName));
        Assert.Equal([InboundKind.Text, InboundKind.Text, InboundKind.Reaction, InboundKind.Image], batch.Messages.Select(m => m.Kind));
        Assert.Equal(["wamid.OUT1", "wamid.OUT2", "wamid.OUT3"], batch.Statuses.Select(s => s.ProviderMessageId));
        Assert.Equal([DeliveryState.Delivered, DeliveryState.Read, DeliveryState.Sent], batch.Statuses.Select(s => s.State));
        Assert.Equal(["message_template_status_update"], batch.IgnoredFields);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("")]
    [InlineData("[1,2,3]")]
    [InlineData("""{ "object": "whatsapp_business_account" }""")]
    [InlineData("""{ "object": "page", "entry": [] }""")]
    public void Malformed_bodies_give_a_clear_error(string body)
    {
        var result = MetaWebhookParser.Parse(Encoding.UTF8.GetBytes(body), ReceivedAt);
        Assert.False(result.Succeeded);
        Assert.Null(result.Batch);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Fact]
    public void Odd_shapes_inside_a_valid_body_do_not_throw()
    {
        var batch = Parse("""
            { "object": "whatsapp_business_account", "entry": [
              { "id": "X", "changes": "not an array" },
              { "id": "Y", "changes": [{ "field": "messages", "value": { "metadata": { "phone_number_id": "P" },
                "messages": [ { "id": "a", "from": "1555", "type": 42 }, { "id": "b", "from": "1555", "type": "text", "text": "flat" } ] } }] }
            ] }
            """);
        Assert.Equal(2, batch.Messages.Count);
        Assert.All(batch.Messages, m => Assert.Equal(InboundKind.Unsupported, m.Kind));
    }

    [Fact]
    public void A_change_without_its_business_number_is_rejected_whole()
    {
        var batch = Parse("""
            { "object": "whatsapp_business_account", "entry": [
              { "id": "Y", "changes": [{ "field": "messages", "value": { "messages": [ { "id": "a", "from": "1555", "type": "text", "text": { "body": "hi" } } ] } }] }
            ] }
            """);
        Assert.Empty(batch.Messages);
        Assert.Contains("phone_number_id", Assert.Single(batch.Rejected).Reason, StringComparison.Ordinal);
    }
}
