using System.Text.Json;
using System.Text.Json.Nodes;
using Messaging.Channels.Inbound;
using Sandbox.Conversations;

namespace Sandbox.Graph;

/// <summary>A message the product asked to send, reduced to what the simulated phone shows.</summary>
/// <param name="RequiresOpenWindow">False for templates, the only messages allowed outside the 24-hour window.</param>
public sealed record GraphMessage(string Kind, string To, string Text, IReadOnlyList<MessageOption> Options, string? MediaLink, string? ReplyTo, bool RequiresOpenWindow)
{
    /// <summary>For a template send: which template, and the values of its body's placeholders in order.</summary>
    public GraphTemplateCall? Template { get; init; }
}

public sealed record GraphTemplateCall(string Name, string Language, IReadOnlyList<string> BodyParameters);

/// <summary>A "mark as read" request, optionally showing the typing indicator.</summary>
public sealed record GraphReadReceipt(string MessageId, bool Typing);

/// <summary>
/// Validates a POST /{phone-number-id}/messages body as Graph does, for the subset the product
/// sends: exactly one of <see cref="Error"/>, <see cref="Message"/> and <see cref="Read"/> is set.
/// </summary>
public sealed record GraphSendRequest(GraphError? Error, GraphMessage? Message, GraphReadReceipt? Read)
{
    public const int MaxTextLength = 4096;
    const int MaxCaptionLength = 1024;
    const int MaxInteractiveBodyLength = 1024;
    const int MaxButtonTitleLength = 20;
    const int MaxRowTitleLength = 24;

    static readonly string[] MediaKinds = ["image", "audio", "video", "document", "sticker"];

    public static GraphSendRequest Parse(string body)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            root = null;
        }

        if (root is null)
        {
            return Fail(GraphError.InvalidParameter("The request body must be a JSON object."));
        }

        try
        {
            return ParseObject(root);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            // A field of the wrong JSON type (a number where a string belongs, ...).
            return Fail(GraphError.InvalidParameter(e.Message));
        }
    }

    static GraphSendRequest ParseObject(JsonObject root)
    {
        var product = Text(root, "messaging_product");
        if (product is null)
        {
            return Fail(GraphError.RequiredParameter("messaging_product"));
        }

        if (product != "whatsapp")
        {
            return Fail(GraphError.InvalidParameter("Param messaging_product must be 'whatsapp'."));
        }

        if (root["status"] is not null)
        {
            return ParseReadReceipt(root);
        }

        var to = Text(root, "to");
        if (string.IsNullOrWhiteSpace(to))
        {
            return Fail(GraphError.RequiredParameter("to"));
        }

        if (!PhoneNumbers.IsPlausible(to))
        {
            return Fail(GraphError.InvalidParameter($"Param to '{to}' is not a valid phone number."));
        }

        var replyTo = root["context"] is JsonObject context ? Text(context, "message_id") : null;
        var type = Text(root, "type") ?? "text";
        return type switch
        {
            "text" => ParseText(root, to, replyTo),
            "template" => ParseTemplate(root, to),
            "interactive" => ParseInteractive(root, to, replyTo),
            "reaction" => ParseReaction(root, to),
            _ when MediaKinds.Contains(type) => ParseMedia(root, type, to, replyTo),
            _ => Fail(GraphError.InvalidParameter($"Param type '{type}' is not a supported message type.")),
        };
    }

    static GraphSendRequest ParseReadReceipt(JsonObject root)
    {
        if (Text(root, "status") != "read")
        {
            return Fail(GraphError.InvalidParameter("Param status must be 'read'."));
        }

        var messageId = Text(root, "message_id");
        if (string.IsNullOrEmpty(messageId))
        {
            return Fail(GraphError.RequiredParameter("message_id"));
        }

        var typing = root["typing_indicator"] is JsonObject indicator;
        if (typing && Text((JsonObject)root["typing_indicator"]!, "type") != "text")
        {
            return Fail(GraphError.InvalidParameter("Param typing_indicator['type'] must be 'text'."));
        }

        return new(null, null, new GraphReadReceipt(messageId, typing));
    }

    static GraphSendRequest ParseText(JsonObject root, string to, string? replyTo)
    {
        var body = root["text"] is JsonObject text ? Text(text, "body") : null;
        if (body is null)
        {
            return Fail(GraphError.RequiredParameter("text['body']"));
        }

        if (body.Trim().Length == 0)
        {
            return Fail(GraphError.InvalidParameter("Param text['body'] must not be empty."));
        }

        if (body.Length > MaxTextLength)
        {
            return Fail(GraphError.InvalidParameter($"Param text['body'] must be at most {MaxTextLength} characters long."));
        }

        return Send(new GraphMessage("text", to, body, [], null, replyTo, true));
    }

    static GraphSendRequest ParseTemplate(JsonObject root, string to)
    {
        if (root["template"] is not JsonObject template || Text(template, "name") is not { Length: > 0 } name)
        {
            return Fail(GraphError.RequiredParameter("template['name']"));
        }

        if (template["language"] is not JsonObject language || Text(language, "code") is not { Length: > 0 } code)
        {
            return Fail(GraphError.RequiredParameter("template['language']['code']"));
        }

        var bodyParameters = (template["components"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(component => string.Equals(Text(component, "type"), "body", StringComparison.OrdinalIgnoreCase))
            .SelectMany(component => component["parameters"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(parameter => Text(parameter, "text") ?? "")
            .ToList();
        // No text of its own: the one shown is the registered template's with these values (a template the Sandbox does not know is refused).
        return Send(new GraphMessage("template", to, "", [], null, null, false) { Template = new GraphTemplateCall(name, code, bodyParameters) });
    }

    static GraphSendRequest ParseInteractive(JsonObject root, string to, string? replyTo)
    {
        if (root["interactive"] is not JsonObject interactive || Text(interactive, "type") is not { } type)
        {
            return Fail(GraphError.RequiredParameter("interactive['type']"));
        }

        var body = interactive["body"] is JsonObject bodyObject ? Text(bodyObject, "text") : null;
        if (string.IsNullOrWhiteSpace(body))
        {
            return Fail(GraphError.RequiredParameter("interactive['body']['text']"));
        }

        if (body.Length > MaxInteractiveBodyLength)
        {
            return Fail(GraphError.InvalidValue($"Param interactive['body']['text'] must be at most {MaxInteractiveBodyLength} characters long."));
        }

        if (interactive["action"] is not JsonObject action)
        {
            return Fail(GraphError.RequiredParameter("interactive['action']"));
        }

        return type switch
        {
            "button" => ParseButtons(action, to, body, replyTo),
            "list" => ParseList(action, to, body, replyTo),
            _ => Fail(GraphError.InvalidParameter($"Param interactive['type'] '{type}' is not supported; use 'button' or 'list'.")),
        };
    }

    static GraphSendRequest ParseButtons(JsonObject action, string to, string body, string? replyTo)
    {
        var buttons = (action["buttons"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (buttons.Count is < 1 or > 3)
        {
            return Fail(GraphError.InvalidValue("Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3"));
        }

        var options = new List<MessageOption>();
        foreach (var button in buttons)
        {
            var reply = button["reply"] as JsonObject;
            var id = reply is null ? null : Text(reply, "id");
            var title = reply is null ? null : Text(reply, "title");
            if (Text(button, "type") != "reply" || string.IsNullOrEmpty(id) || string.IsNullOrWhiteSpace(title))
            {
                return Fail(GraphError.InvalidValue("Each button needs type 'reply' with reply['id'] and reply['title']."));
            }

            if (title.Length > MaxButtonTitleLength)
            {
                return Fail(GraphError.InvalidValue($"Button title length invalid. Max length allowed: {MaxButtonTitleLength}"));
            }

            options.Add(new MessageOption(id, title, "button_reply"));
        }

        if (options.DistinctBy(o => o.Title).Count() != options.Count)
        {
            return Fail(GraphError.InvalidValue("Button titles must be unique."));
        }

        return Send(new GraphMessage("interactive", to, body, options, null, replyTo, true));
    }

    static GraphSendRequest ParseList(JsonObject action, string to, string body, string? replyTo)
    {
        var button = Text(action, "button");
        if (string.IsNullOrWhiteSpace(button) || button.Length > MaxButtonTitleLength)
        {
            return Fail(GraphError.InvalidValue($"Param interactive['action']['button'] is required, at most {MaxButtonTitleLength} characters."));
        }

        var sections = (action["sections"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var rows = sections.SelectMany(s => s["rows"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (sections.Count is < 1 or > 10 || rows.Count is < 1 or > 10)
        {
            return Fail(GraphError.InvalidValue("A list needs 1 to 10 sections and 1 to 10 rows in total."));
        }

        if (rows.Any(r => string.IsNullOrEmpty(Text(r, "id")) || Text(r, "title") is not { Length: > 0 and <= MaxRowTitleLength }))
        {
            return Fail(GraphError.InvalidValue($"Each row needs an id and a title of at most {MaxRowTitleLength} characters."));
        }

        return Send(new GraphMessage("interactive", to, $"{body}\n[{button}]", [.. rows.Select(r => new MessageOption(Text(r, "id")!, Text(r, "title")!, "list_reply"))], null, replyTo, true));
    }

    static GraphSendRequest ParseMedia(JsonObject root, string kind, string to, string? replyTo)
    {
        if (root[kind] is not JsonObject media)
        {
            return Fail(GraphError.RequiredParameter(kind));
        }

        var link = Text(media, "link");
        var id = Text(media, "id");
        if (link is null && id is null)
        {
            return Fail(GraphError.InvalidParameter($"Param {kind} must have either 'link' or 'id'."));
        }

        if (link is not null && (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return Fail(GraphError.InvalidParameter($"Param {kind}['link'] must be an http or https URL."));
        }

        var caption = Text(media, "caption");
        if (caption is not null && kind is "audio" or "sticker")
        {
            return Fail(GraphError.InvalidParameter($"Param {kind} does not take a caption."));
        }

        if (caption?.Length > MaxCaptionLength)
        {
            return Fail(GraphError.InvalidParameter($"Param {kind}['caption'] must be at most {MaxCaptionLength} characters long."));
        }

        var shown = caption ?? Text(media, "filename") ?? "";
        return Send(new GraphMessage(kind, to, shown, [], link ?? $"media:{id}", replyTo, true));
    }

    static GraphSendRequest ParseReaction(JsonObject root, string to)
    {
        if (root["reaction"] is not JsonObject reaction || Text(reaction, "message_id") is not { Length: > 0 } messageId)
        {
            return Fail(GraphError.RequiredParameter("reaction['message_id']"));
        }

        var emoji = Text(reaction, "emoji") ?? "";
        return Send(new GraphMessage("reaction", to, emoji, [], null, messageId, true));
    }

    static string? Text(JsonObject parent, string name) => parent[name]?.GetValue<string>();

    static GraphSendRequest Fail(GraphError error) => new(error, null, null);

    static GraphSendRequest Send(GraphMessage message) => new(null, message, null);
}
