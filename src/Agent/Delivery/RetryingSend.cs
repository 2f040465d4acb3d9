using Messaging.Channels.Sending;

namespace Agent.Delivery;

/// <summary>A send about to be retried: the failed result, the 1-based attempt that failed, and the wait before the next.</summary>
internal readonly record struct RetryingSend(SendResult Result, int Attempt, TimeSpan Delay);
