namespace Ingest.Verification;

/// <summary>A code typed during a number-verification call (Meta calls the number to verify it).</summary>
public sealed record VerificationCode(string ChannelId, string Code, string Caller, string CallSid, DateTimeOffset ReceivedAt);
