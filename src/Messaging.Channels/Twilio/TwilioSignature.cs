using System.Security.Cryptography;
using System.Text;

namespace Messaging.Channels.Twilio;

/// <summary>
/// The signing side of <c>X-Twilio-Signature</c>: base64 HMAC-SHA1, keyed with the account's auth
/// token, of the full URL followed by every form field (sorted by name, then value) as name+value.
/// The Twilio SDK only validates; the Sandbox, which plays Twilio, and tests sign with this.
/// Validation is <see cref="TwilioSignatureValidator"/>.
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

        var data = new StringBuilder(url);
        foreach (var (key, value) in formFields
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .ThenBy(f => f.Value, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }
        // SHA-1 is Twilio's choice, not ours: the header cannot be made any other way.
#pragma warning disable CA5350
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    /// <summary>The hex SHA-256 Twilio puts in <c>bodySHA256</c> for a JSON body.</summary>
    public static string ComputeBodyHash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));
}
