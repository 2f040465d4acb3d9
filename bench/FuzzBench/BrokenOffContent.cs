using System.Net;

namespace FuzzBench;

/// <summary>
/// A body that declares its whole length but stops after <paramref name="sent"/> bytes: the
/// client drops the connection mid-body, as a sender that crashes or loses its network does.
/// </summary>
public sealed class BrokenOffContent(byte[] body, int sent) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(body.AsMemory(0, sent));
        await stream.FlushAsync();
        throw new IOException($"The sender broke off after {sent} of {body.Length} bytes.");
    }

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
