using System.Text;
using Messaging.Channels.Twilio;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Ingest.Webhooks;

/// <summary>A Twilio form post, read whole, with the public URL Twilio signed it for.</summary>
internal sealed record TwilioRequest(TwilioForm Form, string SignedUrl, string Signature)
{
    /// <summary>
    /// The request, or why it was refused: 413 over the same body limit as Meta's webhook,
    /// 400 when it is not a form (Twilio always posts forms).
    /// </summary>
    public static async Task<(TwilioRequest? Request, IResult? Refusal)> ReadAsync(HttpRequest request, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return (null, NotAForm());
        }
        if (await WebhookBody.ReadAsync(request, options.Value.MaxBodyBytes, cancellationToken) is not { } body)
        {
            return (null, WebhookBody.TooLarge());
        }
        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> fields;
        try
        {
            using var reader = new FormReader(new MemoryStream(body, writable: false), Encoding.UTF8);
            fields = await reader.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return (null, NotAForm());
        }
        // Twilio signs the URL it called: the gateway's public address, not ours.
        var url = options.Value.PublicBaseUrl.TrimEnd('/') + request.Path + request.QueryString;
        return (new TwilioRequest(TwilioForm.From(fields), url, request.Headers[TwilioSignature.HeaderName].ToString()), null);
    }

    public bool IsSignedWith(string authToken) => TwilioSignatureValidator.Validate(authToken, SignedUrl, Form.Fields, Signature);

    static IResult NotAForm() =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable webhook", detail: "Twilio webhooks are application/x-www-form-urlencoded.");
}
