using System.Security.Cryptography;

namespace Sandbox;

/// <summary>Identifiers shaped like the providers' own.</summary>
public static class ProviderIds
{
    /// <summary>A Cloud API message id: "wamid." and a base64 blob.</summary>
    public static string WhatsAppMessageId() =>
        "wamid.HBgL" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)).Replace('+', 'A').Replace('/', 'B');

    /// <summary>A Twilio SID: two-letter prefix (SM, MM, ME, ...) and 32 hex digits.</summary>
    public static string TwilioSid(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A Graph numeric object id, as used for media.</summary>
    public static string GraphObjectId() =>
        (1_000_000_000_000_000 + RandomNumberGenerator.GetInt32(int.MaxValue) * 100_000_000L + RandomNumberGenerator.GetInt32(100_000_000))
            .ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The opaque trace id Graph puts on every error.</summary>
    public static string FacebookTraceId() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(8)).TrimEnd('=').Replace('+', 'A').Replace('/', 'B');
}
