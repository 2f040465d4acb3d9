namespace Messaging.Channels.Twilio;

/// <summary>What Twilio posts to a Gather's action URL: the call and the digits typed.</summary>
public sealed record VoiceGather(string CallSid, string From, string To, string Digits)
{
    /// <summary>Null when the post is not a completed Gather (no CallSid or no digits).</summary>
    public static VoiceGather? Read(TwilioForm form) =>
        form["CallSid"] is { } callSid && form["Digits"] is { } digits
            ? new VoiceGather(callSid, form["From"] ?? string.Empty, form["To"] ?? string.Empty, digits)
            : null;
}
