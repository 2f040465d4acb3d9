namespace Messaging.Channels.Inbound;

/// <summary>An error as a provider reported it, in a webhook or a status callback.</summary>
public sealed record ProviderError(int? Code, string? Title, string? Message, string? Details);

/// <summary>An error reported for a whole webhook change rather than for one message.</summary>
public sealed record WebhookError(string? ChannelAddress, ProviderError Error);
