using System.Security.Cryptography;
using System.Text;

namespace Messaging.Channels.Meta;

/// <summary>
/// The <c>X-Hub-Signature-256</c> header Meta puts on every webhook delivery:
/// <c>sha256=</c> followed by the lowercase hex HMAC-SHA256 of the raw body keyed with the app secret.
/// </summary>
public static class MetaSignature
{
    public const string HeaderName = "X-Hub-Signature-256";

    private const string Prefix = "sha256=";

    /// <summary>The header value Meta would send for <paramref name="body"/>.</summary>
    public static string Compute(string appSecret, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(appSecret);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body, hash);
        return Prefix + Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// True when <paramref name="signatureHeader"/> is the signature of exactly these bytes.
    /// The comparison takes the same time wherever the first differing byte is.
    /// </summary>
    public static bool Verify(string appSecret, ReadOnlySpan<byte> body, string? signatureHeader)
    {
        if (string.IsNullOrEmpty(appSecret) || signatureHeader is null)
            return false;

        var value = signatureHeader.AsSpan().Trim();
        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            return false;

        var hex = value[Prefix.Length..];
        if (hex.Length != HMACSHA256.HashSizeInBytes * 2)
            return false;

        Span<byte> received = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Convert.FromHexString(hex, received, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != received.Length)
            return false;

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }
}
