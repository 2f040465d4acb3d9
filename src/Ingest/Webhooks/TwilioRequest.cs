using Messaging.Channels.Twilio;
using Microsoft.Extensions.Options;

namespace Ingest.Webhooks;

/// <summary>A Twilio form post, read whole, with the public URL Twilio signed it for.</summary>
internal sealed record TwilioRequest(TwilioForm Form, string SignedUrl, string Signature)
{
    /// <summary>Null when the body is not a form (Twilio always posts forms).</summary>
    public static async Task<TwilioRequest?> ReadAsync(HttpRequest request, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return null;
        }
        // Twilio signs the URL it called: the gateway's public address, not ours.
        var url = options.Value.PublicBaseUrl.TrimEnd('/') + request.Path + request.QueryString;
        return new TwilioRequest(TwilioForm.From(form), url, request.Headers[TwilioSignature.HeaderName].ToString());
    }

    public bool IsSignedWith(string authToken) => TwilioSignatureValidator.Validate(authToken, SignedUrl, Form.Fields, Signature);
}
