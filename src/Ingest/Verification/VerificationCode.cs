namespace Ingest.Verification;

/// <summary>A code typed during a number-verification call (Meta calls the number to verify it).</summary>
public sealed record VerificationCode(string WorkspaceId, string ChannelId, string ChannelName, string Code, string Caller, string CallSid, DateTimeOffset ReceivedAt)
{
    // The code verifies the number: shown to the workspace, never printed.
    public override string ToString() => $"VerificationCode {{ ChannelId = {ChannelId}, CallSid = {CallSid}, Code = *** }}";
}
