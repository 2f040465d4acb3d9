namespace Sandbox.Media;

/// <summary>A file a simulated customer sent; the product downloads it as it would from the provider.</summary>
/// <param name="Owner">The Meta phone number id or the Twilio account SID allowed to fetch it.</param>
public sealed record MediaItem(string Id, string Owner, string MimeType, byte[] Content, byte[] Sha256, string? FileName);
