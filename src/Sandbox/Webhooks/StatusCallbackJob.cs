using Sandbox.Conversations;

namespace Sandbox.Webhooks;

/// <summary>The statuses a provider reports for one accepted message, in order, each after its delay.</summary>
public sealed record StatusCallbackJob(ConversationKey Conversation, string MessageId, IReadOnlyList<StatusCallbackStep> Steps);

/// <param name="Build">Builds the signed webhook when the status happens, so its timestamp is that moment.</param>
public sealed record StatusCallbackStep(TimeSpan Delay, string Status, Func<DateTimeOffset, WebhookRequest> Build);
