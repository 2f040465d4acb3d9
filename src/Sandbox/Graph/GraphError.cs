using System.Text.Json.Nodes;

namespace Sandbox.Graph;

/// <summary>A Graph API error, with the HTTP status and body shape Graph answers with.</summary>
public sealed record GraphError(int HttpStatus, string Message, int Code, int? Subcode = null, string? Details = null, string Type = "OAuthException")
{
    public const string WindowClosedDetails =
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number.";

    public static GraphError MissingToken() =>
        new(StatusCodes.Status400BadRequest, "An access token is required to request this resource.", 104);

    public static GraphError InvalidToken() =>
        new(StatusCodes.Status401Unauthorized, "Invalid OAuth access token - Cannot parse access token", 190);

    public static GraphError UnknownObject(string id, string method) =>
        new(StatusCodes.Status400BadRequest,
            $"Unsupported {method.ToLowerInvariant()} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
            100, 33, Type: "GraphMethodException");

    public static GraphError UnknownPath(string path) =>
        new(StatusCodes.Status400BadRequest, $"Unknown path components: {path}", 2500);

    public static GraphError RequiredParameter(string name) =>
        new(StatusCodes.Status400BadRequest, $"(#100) The parameter {name} is required.", 100);

    public static GraphError InvalidParameter(string details) =>
        new(StatusCodes.Status400BadRequest, "(#100) Invalid parameter", 100, Details: details);

    public static GraphError InvalidValue(string details) =>
        new(StatusCodes.Status400BadRequest, "(#131009) Parameter value is not valid", 131009, Details: details);

    public static GraphError WindowClosed() =>
        new(StatusCodes.Status400BadRequest, "(#131047) Re-engagement message", 131047, Details: WindowClosedDetails);

    public static GraphError TemplateParameterCount(int expected, int given) =>
        new(StatusCodes.Status400BadRequest, "(#132000) Number of parameters does not match the expected number of params", 132000,
            Details: $"body: number of localizable_params ({given}) does not match the expected number of params ({expected})");

    /// <summary>A template send naming a template the number's business account does not have in that language (or at all).</summary>
    public static GraphError TemplateNotFound(string name, string language) =>
        new(StatusCodes.Status404NotFound, "(#132001) Template name does not exist in the translation", 132001,
            Details: $"template name ({name}) does not exist in {language}");

    /// <summary>An error queued through the faults API, shaped as Graph answers it.</summary>
    public static GraphError Injected(int code) => code switch
    {
        130429 => new(StatusCodes.Status400BadRequest, "(#130429) Rate limit hit", 130429, Details: "Cloud API message throughput has been reached.", Type: "OAuthException"),
        131056 => new(StatusCodes.Status400BadRequest, "(#131056) (Business Account, Consumer Account) pair rate limit hit", 131056, Details: "Too many messages sent from the sender phone number to the same recipient phone number in a short period of time."),
        131047 => WindowClosed(),
        131026 => new(StatusCodes.Status400BadRequest, "(#131026) Message Undeliverable", 131026, Details: "Unable to deliver message: the recipient may not use WhatsApp."),
        190 => InvalidToken(),
        _ => new(StatusCodes.Status500InternalServerError, "An unexpected error has occurred. Please retry your request later.", 2, Type: "OAuthException"),
    };

    public string ToJson()
    {
        var error = new JsonObject
        {
            ["message"] = Message,
            ["type"] = Type,
            ["code"] = Code,
        };
        if (Subcode is { } subcode)
        {
            error["error_subcode"] = subcode;
        }

        if (Details is not null)
        {
            error["error_data"] = new JsonObject { ["messaging_product"] = "whatsapp", ["details"] = Details };
        }

        error["fbtrace_id"] = ProviderIds.FacebookTraceId();
        return new JsonObject { ["error"] = error }.ToJsonString();
    }
}
