namespace Sandbox.Webhooks;

/// <summary>A signed webhook, ready to post exactly as built: the signature covers these bytes.</summary>
public sealed record WebhookRequest(
    string Provider,
    string Kind,
    Uri Url,
    byte[] Body,
    string ContentType,
    string SignatureHeader,
    string Signature,
    string? BusinessNumber,
    string? CustomerNumber,
    string? MessageId);

/// <summary>What the product answered; status 0 when it could not be reached.</summary>
public sealed record WebhookResponse(int Status, string? Body, string? Error)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}
