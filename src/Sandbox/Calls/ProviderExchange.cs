namespace Sandbox.Calls;

/// <summary>
/// A provider API call being served: collects what the handler learns about it, then records it
/// with the exact response it gets, durably, before the response goes out.
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

    public async Task<IResult> RespondAsync(int status, string body, string contentType = "application/json")
    {
        await RecordAsync(status, body);
        if (Challenge is not null)
        {
            request.HttpContext.Response.Headers.WWWAuthenticate = Challenge;
        }

        return Results.Content(body, contentType, statusCode: status);
    }

    /// <summary>Records a file download (media) without its content, and streams the file.</summary>
    public async Task<IResult> RespondFileAsync(string path, long size, string contentType)
    {
        await RecordAsync(StatusCodes.Status200OK, $"({size} bytes of {contentType})");
        return Results.File(path, contentType);
    }

    Task<CallRecord> RecordAsync(int status, string body) => log.RecordAsync(new CallRecord(
        0, default, provider, CallDirection.Inbound, Kind, request.Method,
        $"{request.PathBase}{request.Path}{request.QueryString}",
        BusinessNumber, CustomerNumber, MessageId, Auth, requestBody, status, body, null) { UserAgent = UserAgent });
}
