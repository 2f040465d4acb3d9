using System.Buffers;

namespace Ingest.Webhooks;

/// <summary>The raw bytes of a webhook, as signatures are computed over them, within a size limit.</summary>
internal static class WebhookBody
{
    /// <summary>Null when the body is larger than <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }
        // An empty body (Content-Length: 0) still gets a buffer: ArrayBufferWriter refuses a capacity of 0.
        var buffer = new ArrayBufferWriter<byte>((int)Math.Max(1, request.ContentLength ?? 4096));
        while (true)
        {
            var read = await request.BodyReader.ReadAsync(cancellationToken);
            foreach (var segment in read.Buffer)
            {
                if (buffer.WrittenCount + segment.Length > limit)
                {
                    return null;
                }
                buffer.Write(segment.Span);
            }
            request.BodyReader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return buffer.WrittenSpan.ToArray();
            }
        }
    }

    public static IResult TooLarge() => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large");
}
