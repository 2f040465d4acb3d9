using Ingest.Telemetry;
using Ingest.Verification;
using Messaging.Channels.Twilio;
using Messaging.Tenancy.Model;
using Messaging.Tenancy.Reading;
using Microsoft.Extensions.Options;

namespace Ingest.Webhooks;

/// <summary>
/// Number verification by voice call: when WhatsApp calls a Twilio number to deliver its
/// verification code, the call is answered with a Gather of 6 digits; the digits typed are
/// recorded against the channel (shown in Admin and mailed to its owners), and the caller is thanked.
/// </summary>
public static partial class TwilioVoiceApi
{
    const string Provider = "twilio";
    const string GatherPath = "/webhooks/twilio/gather";

    public static IEndpointRouteBuilder MapTwilioVoice(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/twilio/voice", AnswerAsync);
        app.MapPost(GatherPath, GatherAsync);
        return app;
    }

    static async Task<IResult> AnswerAsync(HttpRequest request, ITenancyReader tenancy, IngestMetrics metrics, IOptions<IngestOptions> options, ILogger<WebhookLog> logger, CancellationToken cancellationToken)
    {
        var (result, _) = await AuthenticateAsync(request, tenancy, metrics, options, logger, cancellationToken);
        return result ?? TwiML.Result(TwiML.GatherDigits(
            new Uri(options.Value.PublicBaseUrl.TrimEnd('/') + GatherPath),
            "Hello. Please enter the six digit verification code now."));
    }

    static async Task<IResult> GatherAsync(
        HttpRequest request,
        ITenancyReader tenancy,
        VerificationCodeStore codes,
        IngestMetrics metrics,
        IOptions<IngestOptions> options,
        TimeProvider time,
        ILogger<WebhookLog> logger,
        CancellationToken cancellationToken)
    {
        var (result, call) = await AuthenticateAsync(request, tenancy, metrics, options, logger, cancellationToken);
        if (result is not null)
        {
            return result;
        }
        if (VoiceGather.Read(call!.Value.Form) is not { } gather)
        {
            return TwiML.Result(TwiML.SayAndHangUp("No code was entered. Goodbye."));
        }
        var channel = call!.Value.Channel;
        var code = new VerificationCode(channel.WorkspaceId, channel.Id, channel.Name, gather.Digits, gather.From, gather.CallSid, time.GetUtcNow());
        LogCode(logger, code.ChannelId, code.CallSid);
        await codes.RecordAsync(code, cancellationToken);
        return TwiML.Result(TwiML.SayAndHangUp("Thank you. The code has been recorded. Goodbye."));
    }

    static async Task<(IResult? Refusal, (TenantChannel Channel, TwilioForm Form)? Call)> AuthenticateAsync(
        HttpRequest request, ITenancyReader tenancy, IngestMetrics metrics, IOptions<IngestOptions> options, ILogger logger, CancellationToken cancellationToken)
    {
        var (twilio, refusal) = await TwilioRequest.ReadAsync(request, options, cancellationToken);
        if (twilio is null)
        {
            metrics.Malformed(Provider);
            LogUnreadableCall(logger, request.ContentType, request.ContentLength);
            return (refusal, null);
        }
        var called = twilio.Form["To"];
        if (called is null || await tenancy.FindTwilioChannelAsync(called, cancellationToken) is not { Twilio: { } settings } channel)
        {
            metrics.UnknownChannel(Provider);
            LogUnknownNumber(logger, called);
            return (TwiML.Result(TwiML.SayAndHangUp("This number is not configured. Goodbye.")), null);
        }
        if (!twilio.IsSignedWith(settings.AuthToken))
        {
            metrics.BadSignature(Provider);
            return (Results.StatusCode(StatusCodes.Status403Forbidden), null);
        }
        return (null, (channel, twilio.Form));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an unreadable Twilio voice webhook (content type {ContentType}, {Length} bytes)")]
    static partial void LogUnreadableCall(ILogger logger, string? contentType, long? length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verification call to {Number}, which no channel uses")]
    static partial void LogUnknownNumber(ILogger logger, string? number);

    // The code itself is a credential for the number: it is shown to the workspace in Admin, never logged.
    [LoggerMessage(Level = LogLevel.Information, Message = "Verification code captured for channel {ChannelId} (call {CallSid})")]
    static partial void LogCode(ILogger logger, string channelId, string callSid);
}
