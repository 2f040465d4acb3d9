using System.Text;
using Twilio.Security;

namespace Messaging.Channels.Twilio;

/// <summary>
/// Checks <c>X-Twilio-Signature</c> with the Twilio SDK's <see cref="RequestValidator"/>.
/// </summary>
/// <remarks>
/// The SDK tries the URL as given and a variation with the default port added, but it never
/// removes one: a signature over <c>https://h/x</c> does not validate as <c>https://h:443/x</c>.
/// So the URL is handed over without its default port (<c>:443</c> for https, <c>:80</c> for
/// http), and a signature made with or without that port is accepted whether or not
/// <c>PUBLIC_BASE_URL</c> spells it. The SDK's variation also drops any other port, which would
/// accept a signature for another URL: a port other than the default is part of what was signed,
/// so a signature that only matches the URL without it is refused.
/// </remarks>
public static class TwilioSignatureValidator
{
    /// <summary>True when the header signs this URL and these form fields with <paramref name="authToken"/>.</summary>
    /// <remarks>
    /// A field name posted twice is refused: the SDK signs one value per name, and Twilio's own
    /// webhooks never repeat one (media come as <c>MediaUrl0</c>, <c>MediaUrl1</c>, …).
    /// </remarks>
    public static bool Validate(string authToken, string url, IEnumerable<KeyValuePair<string, string>> formFields, string? signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(formFields);
        if (!IsCheckable(authToken, url, signatureHeader, out var signedUrl))
            return false;

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in formFields)
        {
            if (!fields.TryAdd(name, value))
                return false;
        }
        var validator = new RequestValidator(authToken);
        var signature = signatureHeader!.Trim();
        return SignsExactly(signedUrl, candidate => validator.Validate(candidate, fields, signature));
    }

    /// <summary>
    /// Validates a request whose body is JSON: the signature covers the URL alone (which carries
    /// <c>?bodySHA256=</c>), and that parameter must be the hex SHA-256 of the raw body.
    /// </summary>
    public static bool ValidateWithBody(string authToken, string url, ReadOnlySpan<byte> body, string? signatureHeader)
    {
        if (!IsCheckable(authToken, url, signatureHeader, out var signedUrl) || !DeclaresBodyHash(signedUrl))
            return false;

        // The SDK hashes the body as UTF-8 text: bytes that are not UTF-8 cannot be what Twilio sent.
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        var validator = new RequestValidator(authToken);
        var signature = signatureHeader!.Trim();
        return SignsExactly(signedUrl, candidate => validator.Validate(candidate, text, signature));
    }

    /// <summary><paramref name="url"/> without <c>:443</c> (https) or <c>:80</c> (http); anything else unchanged.</summary>
    public static string WithoutDefaultPort(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsDefaultPort ? WithoutPort(url) : url;

    /// <summary>True when the SDK accepts <paramref name="url"/> and, if it has a port, not merely the URL without it.</summary>
    private static bool SignsExactly(string url, Func<string, bool> sdkAccepts)
    {
        try
        {
            if (!sdkAccepts(url))
                return false;
            var portless = WithoutPort(url);
            return ReferenceEquals(portless, url) || !sdkAccepts(portless);
        }
        catch (Exception e) when (e is ArgumentException or UriFormatException)
        {
            // The SDK rebuilds the URL to vary its port and throws where it cannot (a host it
            // normalizes beyond recognition): such a URL was not signed as given.
            return false;
        }
    }

    /// <summary>
    /// Removes an explicit port, rebuilt from the original text rather than from <see cref="Uri"/>
    /// so escaping and case stay exactly as signed; returns <paramref name="url"/> itself when it has none.
    /// </summary>
    private static string WithoutPort(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
            return url;

        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
            authorityEnd = url.Length;

        var authority = url.AsSpan(authorityStart, authorityEnd - authorityStart);
        var portSeparator = authority.LastIndexOf(':');
        var hasPort = portSeparator > authority.LastIndexOf('@') && portSeparator > authority.LastIndexOf(']');
        return hasPort
            ? string.Concat(url.AsSpan(0, authorityStart + portSeparator), url.AsSpan(authorityEnd))
            : url;
    }

    private static bool IsCheckable(string authToken, string url, string? signatureHeader, out string signedUrl)
    {
        signedUrl = string.Empty;
        // The SDK throws on an empty URL or header; both simply mean "not signed".
        if (string.IsNullOrEmpty(authToken) || string.IsNullOrWhiteSpace(signatureHeader)
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return false;

        signedUrl = WithoutDefaultPort(url);
        return true;
    }

    // The SDK reads the query by splitting each pair on '=' and throws on a bare "bodySHA256".
    private static bool DeclaresBodyHash(string url)
    {
        var declared = false;
        foreach (var pair in new Uri(url).Query.TrimStart('?').Split('&'))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if ((separator < 0 ? pair : pair[..separator]) != TwilioSignature.BodyHashParameter)
                continue;
            if (separator < 0)
                return false;
            declared = separator < pair.Length - 1;
        }
        return declared;
    }
}
