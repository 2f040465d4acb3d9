namespace Messaging.Channels.Errors;

/// <summary>One row of a provider's error table: what a code means and what to do about it.</summary>
internal sealed record ErrorRule(SendErrorCategory Category, string Explanation, TimeSpan? Delay = null);
