using Microsoft.Extensions.Options;
using Sandbox.Conversations;

namespace Sandbox.Webhooks;

/// <summary>Schedules the statuses of an accepted message: sent, delivered, read; or a single failed.</summary>
public sealed class StatusCallbackPlanner(StatusCallbackQueue queue, IOptions<SandboxOptions> options)
{
    readonly StatusCallbackOptions _options = options.Value.StatusCallbacks;

    /// <param name="build">Builds the signed webhook for a status ("sent", "delivered", "read", "failed") at a time.</param>
    public void Schedule(ConversationKey conversation, string messageId, bool fails, Func<string, DateTimeOffset, WebhookRequest> build)
    {
        IReadOnlyList<StatusCallbackStep> steps = fails
            ? [Step(_options.SentDelay, "failed", build)]
            :
            [
                Step(_options.SentDelay, "sent", build),
                Step(_options.DeliveredDelay, "delivered", build),
                Step(_options.ReadDelay, "read", build),
            ];
        queue.Enqueue(new StatusCallbackJob(conversation, messageId, steps));
    }

    static StatusCallbackStep Step(TimeSpan delay, string status, Func<string, DateTimeOffset, WebhookRequest> build) =>
        new(delay, status, at => build(status, at));
}
