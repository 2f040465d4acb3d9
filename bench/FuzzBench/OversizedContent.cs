using System.Net;

namespace FuzzBench;

/// <summary>
/// A body of <paramref name="length"/> bytes written in pieces, never held whole: with its length
/// declared (Content-Length) or streamed chunked, so the limit has to be found while reading.
/// </summary>
public sealed class OversizedContent(long length, bool declareLength, byte[] prefix) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(prefix);
        var piece = new byte[64 * 1024];
        piece.AsSpan().Fill((byte)'a');
        for (var left = length - prefix.Length; left > 0; left -= piece.Length)
        {
            await stream.WriteAsync(piece.AsMemory(0, (int)Math.Min(left, piece.Length)));
        }
    }

    protected override bool TryComputeLength(out long computed)
    {
        computed = length;
        return declareLength;
    }
}
