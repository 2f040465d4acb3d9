using Messaging.Channels.Inbound;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Sandbox.Accounts;
using Sandbox.Calls;

namespace Sandbox.Media;

/// <summary>
/// Attachments a simulated customer is about to send: the file is uploaded as the raw request
/// body first, then named by its media id in <c>POST /simulate/...</c>, as WhatsApp uploads a
/// customer's file before it delivers the message.
/// </summary>
public static partial class MediaApi
{
    static readonly string[] Kinds = ["image", "audio", "video", "document", "sticker"];

    public sealed record MediaLimits(long MaxMediaBytes, long MaxDocumentBytes);

    public sealed record UploadedMedia(string Id, string Kind, string MimeType, long Size, string Sha256, string? FileName);

    public static RouteGroupBuilder MapMediaApi(this RouteGroupBuilder api)
    {
        var media = api.MapGroup("/media");
        media.MapGet("/limits", (IOptions<SandboxOptions> options) => TypedResults.Ok(new MediaLimits(options.Value.MaxMediaBytes, options.Value.MaxDocumentBytes)));
        media.MapPost("/{provider}/{business}", Upload);
        return api;
    }

    static async Task<IResult> Upload(
        HttpContext http, string provider, string business, string? kind, string? fileName,
        AccountStore accounts, MediaStore store, IOptions<SandboxOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(MediaApi));
        var owner = provider.ToLowerInvariant() switch
        {
            Providers.Meta => accounts.FindMetaNumber(business)?.PhoneNumberId,
            Providers.Twilio when PhoneNumbers.IsPlausible(business) => accounts.FindTwilioAccountByNumber(business)?.AccountSid,
            _ => null,
        };
        if (owner is null)
        {
            LogRefused(logger, provider, business, "unknown channel");
            return TypedResults.Problem($"No {provider} channel '{business}' is registered.", statusCode: StatusCodes.Status404NotFound);
        }

        var mimeType = http.Request.ContentType?.Split(';')[0].Trim();
        if (kind is null || !Kinds.Contains(kind) || string.IsNullOrEmpty(mimeType) || !mimeType.Contains('/', StringComparison.Ordinal))
        {
            LogRefused(logger, provider, business, "no kind or MIME type");
            return TypedResults.Problem("Give ?kind= (image, audio, video, document or sticker) and the file's MIME type as Content-Type.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (http.Request.ContentLength == 0)
        {
            LogRefused(logger, provider, business, "empty file");
            return TypedResults.Problem("The file is empty.", statusCode: StatusCodes.Status400BadRequest);
        }

        // WhatsApp's own limits: documents up to 100 MB, other media up to 16 MB.
        var limit = kind == "document" ? options.Value.MaxDocumentBytes : options.Value.MaxMediaBytes;
        var tooLarge = $"The {kind} is larger than WhatsApp allows: at most {limit / (1024 * 1024)} MB ({limit} bytes).";
        if (http.Request.ContentLength > limit)
        {
            LogTooLarge(logger, provider, business, kind, http.Request.ContentLength, limit);
            return TypedResults.Problem(tooLarge, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        var id = provider.Equals(Providers.Meta, StringComparison.OrdinalIgnoreCase) ? ProviderIds.GraphObjectId() : ProviderIds.TwilioSid("ME");
        MediaItem? item;
        try
        {
            item = await store.SaveAsync(id, owner, kind, mimeType, string.IsNullOrWhiteSpace(fileName) ? null : Path.GetFileName(fileName), http.Request.Body, limit, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            item = null;
        }

        if (item is null)
        {
            LogTooLarge(logger, provider, business, kind, http.Request.ContentLength, limit);
            return TypedResults.Problem(tooLarge, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (item.Size == 0)
        {
            LogRefused(logger, provider, business, "empty file");
            return TypedResults.Problem("The file is empty.", statusCode: StatusCodes.Status400BadRequest);
        }

        return TypedResults.Created($"media/{item.Id}", new UploadedMedia(item.Id, item.Kind, item.MimeType, item.Size, Convert.ToHexStringLower(item.Sha256), item.FileName));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a media upload for {Provider} {Business}: {Reason}")]
    static partial void LogRefused(ILogger logger, string provider, string business, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a {Kind} upload for {Provider} {Business}: {Length} bytes, limit {Limit}")]
    static partial void LogTooLarge(ILogger logger, string provider, string business, string kind, long? length, long limit);
}
