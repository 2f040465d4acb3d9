namespace Sandbox.Media;

/// <summary>A file a simulated customer sent; the product downloads it as it would from the provider.</summary>
/// <param name="Owner">The Meta phone number id or the Twilio account SID allowed to fetch it.</param>
/// <param name="Kind">image, audio, video, document or sticker.</param>
public sealed record MediaItem(string Id, string Owner, string Kind, string MimeType, long Size, byte[] Sha256, string? FileName);
