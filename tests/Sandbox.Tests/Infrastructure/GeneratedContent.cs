using System.Net;
using System.Net.Http.Headers;

namespace Sandbox.Tests.Infrastructure;

/// <summary>A request body of any length, written as it is sent, so a 100 MB upload needs no 100 MB array.</summary>
public sealed class GeneratedContent : HttpContent
{
    readonly long _length;

    public GeneratedContent(long length, string mimeType)
    {
        _length = length;
        Headers.ContentType = new MediaTypeHeaderValue(mimeType);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var block = new byte[64 * 1024];
        Random.Shared.NextBytes(block);
        for (var left = _length; left > 0; left -= block.Length)
        {
            await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, left)));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
