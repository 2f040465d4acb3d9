namespace Messaging.Channels.Inbound;

/// <summary>
/// One message or status of a delivery that cannot become an event (no id, no sender, text
/// that is not valid Unicode, impossible coordinates). Its siblings are unaffected.
/// </summary>
/// <param name="ChannelAddress">The channel it was for, when that much could be read.</param>
/// <param name="ProviderMessageId">Its id, when it has one.</param>
/// <param name="Reason">Why it was rejected, worded for a log line.</param>
public sealed record RejectedItem(string? ChannelAddress, string? ProviderMessageId, string Reason);

/// <summary>Thrown while reading one item whose content cannot be used; the parser turns it into a <see cref="RejectedItem"/>.</summary>
public sealed class MalformedItemException(string reason) : Exception(reason);
