namespace Messaging.Channels.Errors;

/// <summary>What the product should do about a failed send.</summary>
public enum SendErrorCategory
{
    /// <summary>Temporary (throttling, provider outage, timeout): try again after <see cref="SendError.RetryAfter"/>.</summary>
    Retryable,
    /// <summary>The 24-hour customer-service window is closed: only an approved template can go.</summary>
    WindowClosed,
    /// <summary>The channel cannot send until its owner fixes credentials or the account: disable and alert.</summary>
    AuthBroken,
    /// <summary>This recipient cannot receive the message; other recipients are unaffected.</summary>
    Recipient,
    /// <summary>The request itself is wrong or refused; sending it again will fail the same way.</summary>
    Permanent,
}
