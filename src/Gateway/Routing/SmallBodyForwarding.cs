using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;

namespace Gateway.Routing;

/// <summary>
/// YARP streams request bodies and flushes the headers before the body, so the service receives
/// every request in two writes and wakes up twice. Webhooks are a few kilobytes with a declared
/// length: those are read whole (already in Kestrel's buffer, within the body limit) and forwarded
/// as one message; larger or unsized bodies keep streaming.
/// </summary>
internal static class SmallBodyForwarding
{
    public static IReverseProxyBuilder AddSmallBodyForwarding(this IReverseProxyBuilder proxy) =>
        proxy.AddTransforms(context =>
        {
            var limit = context.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.BufferedBodyBytes;
            context.AddRequestTransform(transform => ForwardWholeAsync(transform, limit));
        });

    static async ValueTask ForwardWholeAsync(RequestTransformContext transform, int limit)
    {
        var request = transform.HttpContext.Request;
        if (request.ContentLength is not (> 0 and var length) || length > limit || transform.ProxyRequest.Content is not { } streamed)
        {
            return;
        }
        var body = new byte[length];
        await request.Body.ReadExactlyAsync(body, transform.CancellationToken);
        var content = new ByteArrayContent(body);
        foreach (var header in streamed.Headers)
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        transform.ProxyRequest.Content = content;
    }
}
