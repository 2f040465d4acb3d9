namespace Messaging.Channels.Tests.Meta;

/// <summary>Webhook bodies shaped as Meta's webhook reference documents them.</summary>
internal static class MetaPayloads
{
    public const string PhoneNumberId = "106540352242922";

    /// <summary>One delivery with one change carrying <paramref name="message"/> from 16315551181.</summary>
    public static string Message(string message) => $$"""
        {
          "object": "whatsapp_business_account",
          "entry": [{
            "id": "102290129340398",
            "changes": [{
              "value": {
                "messaging_product": "whatsapp",
                "metadata": { "display_phone_number": "15550783881", "phone_number_id": "{{PhoneNumberId}}" },
                "contacts": [{ "profile": { "name": "Sheena Nelson" }, "wa_id": "16315551181" }],
                "messages": [{{message}}]
              },
              "field": "messages"
            }]
          }]
        }
        """;

    public static string Status(string status) => $$"""
        {
          "object": "whatsapp_business_account",
          "entry": [{
            "id": "102290129340398",
            "changes": [{
              "value": {
                "messaging_product": "whatsapp",
                "metadata": { "display_phone_number": "15550783881", "phone_number_id": "{{PhoneNumberId}}" },
                "statuses": [{{status}}]
              },
              "field": "messages"
            }]
          }]
        }
        """;

    /// <summary>Two entries (two business accounts); the first has two changes, one of them a template update.</summary>
    public const string Batch = """
        {
          "object": "whatsapp_business_account",
          "entry": [
            {
              "id": "WABA_1",
              "changes": [
                {
                  "value": {
                    "messaging_product": "whatsapp",
                    "metadata": { "display_phone_number": "15550000001", "phone_number_id": "PNID_1" },
                    "contacts": [
                      { "profile": { "name": "Ana" }, "wa_id": "34600000001" },
                      { "profile": { "name": "Ben" }, "wa_id": "34600000002" }
                    ],
                    "messages": [
                      { "from": "34600000001", "id": "wamid.A1", "timestamp": "1700000001", "type": "text", "text": { "body": "hola" } },
                      { "from": "34600000002", "id": "wamid.A2", "timestamp": "1700000002", "type": "text", "text": { "body": "hi" } },
                      { "from": "34600000001", "id": "wamid.A3", "timestamp": "1700000003", "type": "reaction", "reaction": { "message_id": "wamid.OUT", "emoji": "👍" } }
                    ]
                  },
                  "field": "messages"
                },
                {
                  "value": {
                    "messaging_product": "whatsapp",
                    "metadata": { "display_phone_number": "15550000001", "phone_number_id": "PNID_1" },
                    "statuses": [
                      { "id": "wamid.OUT1", "status": "delivered", "timestamp": "1700000004", "recipient_id": "34600000001" },
                      { "id": "wamid.OUT2", "status": "read", "timestamp": "1700000005", "recipient_id": "34600000002" }
                    ]
                  },
                  "field": "messages"
                },
                {
                  "value": { "event": "APPROVED", "message_template_id": 12345, "message_template_name": "welcome", "message_template_language": "en_US", "reason": null },
                  "field": "message_template_status_update"
                }
              ]
            },
            {
              "id": "WABA_2",
              "changes": [
                {
                  "value": {
                    "messaging_product": "whatsapp",
                    "metadata": { "display_phone_number": "15550000002", "phone_number_id": "PNID_2" },
                    "contacts": [{ "profile": { "name": "Chloé" }, "wa_id": "33600000003" }],
                    "messages": [
                      { "from": "33600000003", "id": "wamid.B1", "timestamp": "1700000006", "type": "image", "image": { "mime_type": "image/jpeg", "sha256": "abc", "id": "MEDIA_B1" } }
                    ],
                    "statuses": [
                      { "id": "wamid.OUT3", "status": "sent", "timestamp": "1700000007", "recipient_id": "33600000003" }
                    ]
                  },
                  "field": "messages"
                }
              ]
            }
          ]
        }
        """;
}
