using System.Security.Cryptography;
using System.Text;

namespace Messaging.Channels.Twilio;

/// <summary>
/// The <c>X-Twilio-Signature</c> header: base64 HMAC-SHA1, keyed with the account's auth token,
/// of the full public URL followed by every form field (sorted by name, then value) as name+value.
/// </summary>
public static class TwilioSignature
{
    public const string HeaderName = "X-Twilio-Signature";

    /// <summary>The query parameter Twilio adds to the URL when it posts a JSON body.</summary>
    public const string BodyHashParameter = "bodySHA256";

    /// <summary>The header value Twilio would send for a form POST to <paramref name="url"/>.</summary>
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> formFields)
    {
        ArgumentNullException.ThrowIfNull(authToken);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(formFields);
        return Convert.ToBase64String(Hash(authToken, url, formFields));
    }

    /// <summary>
    /// True when the header signs this URL and these fields. Like Twilio's own validators, the URL
    /// is tried both with and without its default port, because Twilio's signing side is not
    /// consistent about including <c>:443</c> or <c>:80</c>.
    /// </summary>
    public static bool Validate(
        string authToken,
        string url,
        IEnumerable<KeyValuePair<string, string>> formFields,
        string? signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(formFields);
        if (string.IsNullOrEmpty(authToken) || string.IsNullOrEmpty(url) || string.IsNullOrWhiteSpace(signatureHeader))
            return false;

        var received = DecodeBase64(signatureHeader.Trim());
        if (received is null)
            return false;

        var fields = formFields.ToList();
        var matched = false;
        foreach (var candidate in PortVariants(url))
        {
            // No short-circuit: every variant is checked so timing does not reveal which one matched.
            matched |= CryptographicOperations.FixedTimeEquals(Hash(authToken, candidate, fields), received);
        }
        return matched;
    }

    /// <summary>
    /// Validates a request whose body is JSON: the signature covers the URL alone (which carries
    /// <c>?bodySHA256=</c>), and that parameter must be the hex SHA-256 of the raw body.
    /// </summary>
    public static bool ValidateWithBody(string authToken, string url, ReadOnlySpan<byte> body, string? signatureHeader)
    {
        if (!Validate(authToken, url, [], signatureHeader))
            return false;

        var declared = QueryParameter(url, BodyHashParameter);
        if (declared is null || declared.Length != SHA256.HashSizeInBytes * 2)
            return false;

        Span<byte> declaredHash = stackalloc byte[SHA256.HashSizeInBytes];
        if (Convert.FromHexString(declared, declaredHash, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != declaredHash.Length)
            return false;

        Span<byte> actualHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, actualHash);
        return CryptographicOperations.FixedTimeEquals(actualHash, declaredHash);
    }

    /// <summary>The hex SHA-256 Twilio puts in <c>bodySHA256</c> for a JSON body.</summary>
    public static string ComputeBodyHash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    private static byte[] Hash(string authToken, string url, IEnumerable<KeyValuePair<string, string>> formFields)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in formFields
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .ThenBy(f => f.Value, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }
        // SHA-1 is Twilio's choice, not ours: the header cannot be checked any other way.
#pragma warning disable CA5350
        return HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
#pragma warning restore CA5350
    }

    private static byte[]? DecodeBase64(string value)
    {
        var buffer = new byte[(value.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(value, buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary>The URL as given, plus the same URL with its default port removed or added.</summary>
    internal static IEnumerable<string> PortVariants(string url)
    {
        yield return url;

        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
            yield break;

        var scheme = url[..schemeEnd];
        var defaultPort = scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? "443"
            : scheme.Equals("http", StringComparison.OrdinalIgnoreCase) ? "80"
            : null;
        if (defaultPort is null)
            yield break;

        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
            authorityEnd = url.Length;

        var authority = url[authorityStart..authorityEnd];
        var hostStart = authority.LastIndexOf('@') + 1;
        var portSeparator = authority.LastIndexOf(':');
        var hasPort = portSeparator >= hostStart && portSeparator > authority.LastIndexOf(']');

        if (hasPort)
        {
            // Only the scheme's default port is a quirk; any other port is part of what was signed.
            if (authority[(portSeparator + 1)..] == defaultPort)
                yield return string.Concat(url.AsSpan(0, authorityStart + portSeparator), url.AsSpan(authorityEnd));
        }
        else
        {
            yield return string.Concat(url.AsSpan(0, authorityEnd), ":", defaultPort, url.AsSpan(authorityEnd));
        }
    }

    private static string? QueryParameter(string url, string name)
    {
        var queryStart = url.IndexOf('?', StringComparison.Ordinal);
        if (queryStart < 0)
            return null;

        var fragmentStart = url.IndexOf('#', queryStart);
        var query = fragmentStart < 0 ? url[(queryStart + 1)..] : url[(queryStart + 1)..fragmentStart];
        foreach (var pair in query.Split('&'))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var key = separator < 0 ? pair : pair[..separator];
            if (Uri.UnescapeDataString(key) == name)
                return separator < 0 ? string.Empty : Uri.UnescapeDataString(pair[(separator + 1)..]);
        }
        return null;
    }
}
