namespace Sandbox.Calls;

/// <summary>
/// A provider API call being served: collects what the handler learns about it, then records it
/// with the exact response it gets.
/// </summary>
public sealed class ProviderExchange(CallLog log, HttpRequest request, string provider, string kind, string? requestBody)
{
    public string Kind { get; set; } = kind;

    public string? BusinessNumber { get; set; }

    public string? CustomerNumber { get; set; }

    public string? MessageId { get; set; }

    public string Auth { get; set; } = "missing";

    /// <summary>A WWW-Authenticate header to send with the response.</summary>
    public string? Challenge { get; set; }

    string? UserAgent => request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null;

    public IResult Respond(int status, string body, string contentType = "application/json")
    {
        log.Record(new CallRecord(
            0, default, provider, CallDirection.Inbound, Kind, request.Method,
            $"{request.PathBase}{request.Path}{request.QueryString}",
            BusinessNumber, CustomerNumber, MessageId, Auth, requestBody, status, body, null) { UserAgent = UserAgent });
        if (Challenge is not null)
        {
            request.HttpContext.Response.Headers.WWWAuthenticate = Challenge;
        }

        return Results.Content(body, contentType, statusCode: status);
    }

    /// <summary>Records a binary response (media download) without its content.</summary>
    public IResult RespondFile(byte[] content, string contentType)
    {
        log.Record(new CallRecord(
            0, default, provider, CallDirection.Inbound, Kind, request.Method,
            $"{request.PathBase}{request.Path}{request.QueryString}",
            BusinessNumber, CustomerNumber, MessageId, Auth, requestBody, StatusCodes.Status200OK, $"({content.Length} bytes of {contentType})", null) { UserAgent = UserAgent });
        return Results.File(content, contentType);
    }
}
