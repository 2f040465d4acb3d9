using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Gateway.Limits;

/// <summary>
/// Refuses bodies over <see cref="GatewayOptions.MaxRequestBodyBytes"/>, or the matched route's
/// own limit (<see cref="RouteConfig.MaxRequestBodySize"/>, the Sandbox's), with 413: at once when
/// Content-Length says so, and while streaming otherwise (Kestrel stops reading at the limit;
/// the proxy's failed forward is then answered with 413 instead of a generic error).
/// </summary>
internal static partial class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Routing has already matched the request to its proxy route.
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.MaxRequestBodySize
            ?? context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await RejectAsync(context, limit);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }
        await next(context);

        if (context.Features.Get<IForwarderErrorFeature>() is { Error: ForwarderError.RequestBodyClient, Exception: var error } &&
            error?.GetBaseException() is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } &&
            !context.Response.HasStarted)
        {
            await RejectAsync(context, limit);
        }
    });

    static Task RejectAsync(HttpContext context, long limit)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestBodyLimit));
        LogRejected(logger, context.Request.Path, context.Connection.RemoteIpAddress?.ToString(), context.Request.ContentLength, limit);
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return context.Response.WriteAsJsonAsync(new
        {
            title = "Request body too large",
            status = StatusCodes.Status413PayloadTooLarge,
            detail = $"The body exceeds the limit of {limit} bytes.",
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an oversized body on {Path} from {Source} ({Length} bytes, limit {Limit})")]
    static partial void LogRejected(ILogger logger, string path, string? source, long? length, long limit);
}
