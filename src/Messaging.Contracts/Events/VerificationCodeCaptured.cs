namespace Messaging.Contracts.Events;

/// <summary>
/// A caller typed a verification code on a Twilio number's voice line (the call WhatsApp makes to
/// verify a number): the workspace's owners need it to finish registering the number.
/// </summary>
[EventType("VerificationCodeCaptured", version: 1)]
public sealed record VerificationCodeCaptured(string WorkspaceId, string ChannelId, string ChannelName, string Code, string Caller, DateTimeOffset ReceivedAt) : IIntegrationEvent
{
    string? IIntegrationEvent.WorkspaceId => WorkspaceId;

    // The code verifies the number: it goes to the owners' mail, never into a log line.
    public override string ToString() => $"VerificationCodeCaptured {{ WorkspaceId = {WorkspaceId}, ChannelId = {ChannelId}, Code = ***, ReceivedAt = {ReceivedAt:O} }}";
}
