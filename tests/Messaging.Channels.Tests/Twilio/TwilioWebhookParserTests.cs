using Messaging.Channels.Inbound;
using Messaging.Channels.Twilio;

namespace Messaging.Channels.Tests.Twilio;

public sealed class TwilioWebhookParserTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>The fields Twilio posts for every inbound WhatsApp message, plus <paramref name="extra"/>.</summary>
    private static TwilioForm Inbound(params (string Key, string Value)[] extra) => new(
        new (string Key, string Value)[]
        {
            ("SmsMessageSid", "SM0123456789abcdef0123456789abcdef"),
            ("NumMedia", "0"),
            ("ProfileName", "Sheena"),
            ("SmsSid", "SM0123456789abcdef0123456789abcdef"),
            ("WaId", "16315551181"),
            ("SmsStatus", "received"),
            ("Body", ""),
            ("To", "whatsapp:+14155238886"),
            ("NumSegments", "1"),
            ("ReferralNumMedia", "0"),
            ("MessageSid", "SM0123456789abcdef0123456789abcdef"),
            ("AccountSid", "AC0123456789abcdef0123456789abcdef"),
            ("From", "whatsapp:+16315551181"),
            ("ApiVersion", "2010-04-01"),
        }
        .Where(f => !extra.Any(e => e.Key == f.Key))
        .Concat(extra)
        .Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static InboundMessage ParseMessage(TwilioForm form)
    {
        var result = TwilioWebhookParser.Parse(form, ReceivedAt);
        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(result.Batch!.Statuses);
        return Assert.Single(result.Batch.Messages);
    }

    private static DeliveryStatus ParseStatus(TwilioForm form)
    {
        var result = TwilioWebhookParser.Parse(form, ReceivedAt);
        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(result.Batch!.Messages);
        return Assert.Single(result.Batch.Statuses);
    }

    [Fact]
    public void Text_message()
    {
        var message = ParseMessage(Inbound(("Body", "Hello there"), ("MessageType", "text")));
        Assert.Equal(InboundKind.Text, message.Kind);
        Assert.Equal("text", message.RawType);
        Assert.Equal("Hello there", message.Text);
        Assert.Equal("+16315551181", message.From);
        Assert.Equal("+14155238886", message.ChannelAddress);
        Assert.Equal("Sheena", message.ContactName);
        Assert.Equal("SM0123456789abcdef0123456789abcdef", message.ProviderMessageId);
        Assert.Equal(ReceivedAt, message.SentAt);
    }

    [Fact]
    public void Quoted_reply_keeps_the_original_message_sid()
    {
        var message = ParseMessage(Inbound(("Body", "yes"), ("OriginalRepliedMessageSid", "SMoriginal"), ("OriginalRepliedMessageSender", "whatsapp:+14155238886")));
        Assert.Equal("SMoriginal", message.ContextMessageId);
    }

    [Fact]
    public void Several_media_in_order()
    {
        var message = ParseMessage(Inbound(
            ("NumMedia", "2"), ("Body", "two pics"),
            ("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"), ("MediaContentType0", "image/jpeg"),
            ("MediaUrl1", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2"), ("MediaContentType1", "image/png")));

        Assert.Equal(InboundKind.Image, message.Kind);
        Assert.Equal("two pics", message.Text);
        Assert.Equal(
            [("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", "image/jpeg"), ("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2", "image/png")],
            message.Media.Select(m => (m.Url!, m.ContentType!)));
    }

    [Theory]
    [InlineData("audio/ogg", null, InboundKind.Audio)]
    [InlineData("video/mp4", null, InboundKind.Video)]
    [InlineData("application/pdf", null, InboundKind.Document)]
    [InlineData("image/webp", null, InboundKind.Sticker)]
    [InlineData("text/vcard", null, InboundKind.Contacts)]
    [InlineData("image/jpeg", "sticker", InboundKind.Sticker)]
    [InlineData("application/octet-stream", "audio", InboundKind.Audio)]
    public void Media_kind_from_message_type_or_content_type(string contentType, string? messageType, InboundKind expected)
    {
        var fields = new List<(string, string)> { ("NumMedia", "1"), ("MediaUrl0", "https://example.com/m"), ("MediaContentType0", contentType) };
        if (messageType is not null)
            fields.Add(("MessageType", messageType));
        Assert.Equal(expected, ParseMessage(Inbound([.. fields])).Kind);
    }

    [Fact]
    public void Template_quick_reply_button()
    {
        var message = ParseMessage(Inbound(("Body", "Stop promotions"), ("ButtonText", "Stop promotions"), ("ButtonPayload", "STOP_PROMOS"), ("MessageType", "button")));
        Assert.Equal(InboundKind.Button, message.Kind);
        Assert.Equal("STOP_PROMOS", message.ReplyId);
        Assert.Equal("Stop promotions", message.Text);
    }

    [Fact]
    public void Interactive_list_pick()
    {
        var message = ParseMessage(Inbound(("Body", "Haircut"), ("ListId", "row-2"), ("ListTitle", "Haircut"), ("MessageType", "interactive")));
        Assert.Equal(InboundKind.Interactive, message.Kind);
        Assert.Equal("row-2", message.ReplyId);
    }

    [Fact]
    public void Location()
    {
        var message = ParseMessage(Inbound(("Latitude", "37.483307"), ("Longitude", "-122.148981"), ("Address", "1 Hacker Way"), ("Label", "Main Campus"), ("MessageType", "location")));
        Assert.Equal(InboundKind.Location, message.Kind);
        Assert.Equal(new InboundLocation(37.483307, -122.148981, "Main Campus", "1 Hacker Way", null), message.Location);
    }

    [Fact]
    public void Click_to_whatsapp_referral()
    {
        var message = ParseMessage(Inbound(("Body", "Is this on?"), ("ReferralSourceUrl", "https://fb.me/ad"), ("ReferralSourceId", "ADID"),
            ("ReferralSourceType", "ad"), ("ReferralHeadline", "Sale"), ("ReferralBody", "20% off"), ("ReferralCtwaClid", "CLID")));
        Assert.Equal(new AdReferral("https://fb.me/ad", "ADID", "ad", "Sale", "20% off", null, null, "CLID"), message.Referral);
    }

    [Fact]
    public void Unknown_message_type_is_kept_as_unsupported()
    {
        var message = ParseMessage(Inbound(("MessageType", "hologram")));
        Assert.Equal(InboundKind.Unsupported, message.Kind);
        Assert.Equal("hologram", message.RawType);
    }

    [Theory]
    [InlineData("queued", DeliveryState.Queued)]
    [InlineData("sent", DeliveryState.Sent)]
    [InlineData("delivered", DeliveryState.Delivered)]
    [InlineData("read", DeliveryState.Read)]
    [InlineData("failed", DeliveryState.Failed)]
    [InlineData("undelivered", DeliveryState.Failed)]
    [InlineData("partially_delivered", DeliveryState.Unknown)]
    public void Status_callbacks(string raw, DeliveryState expected)
    {
        var status = ParseStatus(new TwilioForm(new Dictionary<string, string>
        {
            ["SmsSid"] = "SMout", ["SmsStatus"] = raw, ["MessageStatus"] = raw, ["ChannelToAddress"] = "+1631555XXXX",
            ["To"] = "whatsapp:+16315551181", ["MessageSid"] = "SMout", ["AccountSid"] = "AC1",
            ["From"] = "whatsapp:+14155238886", ["ApiVersion"] = "2010-04-01",
        }));
        Assert.Equal(expected, status.State);
        Assert.Equal(raw, status.RawStatus);
        Assert.Equal("SMout", status.ProviderMessageId);
        Assert.Equal("+16315551181", status.Recipient);
        Assert.Equal("+14155238886", status.ChannelAddress);
        Assert.Empty(status.Errors);
    }

    [Fact]
    public void Failed_status_callback_carries_the_error_code()
    {
        var status = ParseStatus(new TwilioForm(new Dictionary<string, string>
        {
            ["MessageSid"] = "SMout", ["MessageStatus"] = "undelivered", ["ErrorCode"] = "63016",
            ["To"] = "whatsapp:+16315551181", ["From"] = "whatsapp:+14155238886",
        }));
        Assert.Equal(DeliveryState.Failed, status.State);
        Assert.Equal(63016, Assert.Single(status.Errors).Code);
    }

    [Fact]
    public void A_form_without_a_message_sid_is_refused_clearly()
    {
        var result = TwilioWebhookParser.Parse(new TwilioForm([new("Body", "hi")]), ReceivedAt);
        Assert.False(result.Succeeded);
        Assert.Contains("MessageSid", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Absurd_media_counts_do_not_throw()
    {
        var message = ParseMessage(Inbound(("NumMedia", "999999999"), ("Body", "x")));
        Assert.Empty(message.Media);
        Assert.Equal(InboundKind.Text, message.Kind);
    }

    [Theory]
    [InlineData("NaN", "1")]
    [InlineData("1", "-Infinity")]
    [InlineData("90.5", "1")]
    [InlineData("1", "180.01")]
    public void Impossible_coordinates_reject_the_message_for_its_channel(string latitude, string longitude)
    {
        var result = TwilioWebhookParser.Parse(Inbound(("MessageType", "location"), ("Latitude", latitude), ("Longitude", longitude)), ReceivedAt);
        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(result.Batch!.Messages);
        var rejected = Assert.Single(result.Batch.Rejected);
        Assert.Equal(("+14155238886", "SM0123456789abcdef0123456789abcdef"), (rejected.ChannelAddress, rejected.ProviderMessageId));
        Assert.Contains("not a place on Earth", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_without_a_sender_or_a_sid_is_rejected_for_its_channel()
    {
        var noSender = TwilioWebhookParser.Parse(Inbound(("From", "")), ReceivedAt);
        var noSid = TwilioWebhookParser.Parse(new TwilioForm(Inbound().Fields.Where(f => !f.Key.EndsWith("Sid", StringComparison.Ordinal))), ReceivedAt);

        Assert.Contains("no sender", Assert.Single(noSender.Batch!.Rejected).Reason, StringComparison.Ordinal);
        Assert.Contains("MessageSid", Assert.Single(noSid.Batch!.Rejected).Reason, StringComparison.Ordinal);
        Assert.Empty(noSender.Batch.Messages);
        Assert.Empty(noSid.Batch.Messages);
    }

    [Fact]
    public void A_nul_character_is_dropped_from_what_is_read_but_kept_for_the_signature()
    {
        var form = Inbound(("Body", "a\0b"));
        Assert.Equal("ab", ParseMessage(form).Text);
        Assert.Contains(form.Fields, f => f.Value == "a\0b");
    }

    [Theory]
    [InlineData("undelivered", "63016")]
    [InlineData("failed", "63024")]
    [InlineData("failed", "63003")]
    public void Late_failures_carry_their_error_code_and_recipient(string raw, string code)
    {
        var status = ParseStatus(new TwilioForm(
        [
            new("MessageSid", "SM-out"), new("MessageStatus", raw), new("ErrorCode", code), new("ErrorMessage", "late"),
            new("From", "whatsapp:+14155238886"), new("To", "whatsapp:+16315551181"), new("AccountSid", "AC1"),
        ]));
        Assert.Equal(DeliveryState.Failed, status.State);
        Assert.Equal("+16315551181", status.Recipient);
        Assert.Equal(int.Parse(code, System.Globalization.CultureInfo.InvariantCulture), Assert.Single(status.Errors).Code);
    }
}
