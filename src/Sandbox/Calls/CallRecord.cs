namespace Sandbox.Calls;

/// <summary>
/// One HTTP exchange the sandbox took part in: a provider API call made to it ("inbound") or a
/// webhook it posted to the product ("outbound").
/// </summary>
/// <param name="Provider">"meta" or "twilio".</param>
/// <param name="Kind">What the call did, e.g. "send", "mark_read", "status_callback", "inbound_webhook".</param>
/// <param name="BusinessNumber">The Meta phone number id or the Twilio sender, when known.</param>
/// <param name="CustomerNumber">The customer's digits, when the call concerns one.</param>
/// <param name="Auth">"ok", "missing", "invalid", or "signed" for outbound webhooks.</param>
/// <param name="ResponseStatus">0 when no response came (connection failure).</param>
public sealed record CallRecord(
    long Id,
    DateTimeOffset At,
    string Provider,
    string Direction,
    string Kind,
    string Method,
    string Url,
    string? BusinessNumber,
    string? CustomerNumber,
    string? MessageId,
    string Auth,
    string? RequestBody,
    int ResponseStatus,
    string? ResponseBody,
    string? Error)
{
    /// <summary>The caller's User-Agent on a provider API call (e.g. the Twilio SDK's <c>twilio-csharp/…</c>).</summary>
    public string? UserAgent { get; init; }
}

public static class CallDirection
{
    public const string Inbound = "inbound";
    public const string Outbound = "outbound";
}

public static class Providers
{
    public const string Meta = "meta";
    public const string Twilio = "twilio";
}
