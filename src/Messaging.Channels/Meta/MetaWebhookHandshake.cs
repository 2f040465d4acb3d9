using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Messaging.Channels.Meta;

/// <summary>
/// The GET Meta sends when a webhook URL is registered: <c>hub.mode=subscribe</c>,
/// <c>hub.verify_token</c> and <c>hub.challenge</c>; the challenge is echoed back when the token matches.
/// </summary>
public static class MetaWebhookHandshake
{
    /// <summary>The challenge to answer with, or null when the request must be refused.</summary>
    public static string? Check(string? mode, string? verifyToken, string? challenge, string expectedVerifyToken)
    {
        if (mode != "subscribe" || string.IsNullOrEmpty(challenge)
            || string.IsNullOrEmpty(verifyToken) || string.IsNullOrEmpty(expectedVerifyToken))
            return null;

        var tokenMatches = CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(verifyToken), Encoding.UTF8.GetBytes(expectedVerifyToken));
        return tokenMatches ? challenge : null;
    }

    /// <summary>Reads the <c>hub.*</c> query parameters.</summary>
    public static string? Check(IQueryCollection query, string expectedVerifyToken) =>
        Check(query["hub.mode"], query["hub.verify_token"], query["hub.challenge"], expectedVerifyToken);

    /// <summary>200 with the challenge as plain text, or 403.</summary>
    public static IResult Respond(IQueryCollection query, string expectedVerifyToken) =>
        Check(query, expectedVerifyToken) is { } challenge
            ? Results.Text(challenge, "text/plain")
            : Results.StatusCode(StatusCodes.Status403Forbidden);
}
