using Messaging.Contracts.Events;
using Messaging.Streams.Bus;

namespace Admin.Alerts;

/// <summary>
/// Billing's credit alerts (billing:events) to the workspace's owners. Billing raises each alert
/// once per episode and re-arms it only when credits are added, so one mail per event is one
/// mail per episode; a grant itself needs no mail.
/// </summary>
public sealed class CreditAlertHandler(OwnerAlertMail mail) : IEventHandler<CreditsLow>, IEventHandler<CreditsExhausted>, IEventHandler<CreditsGranted>
{
    public const string Page = "billing";

    public Task HandleAsync(CreditsLow @event, EventContext context, CancellationToken cancellationToken) =>
        Guid.TryParse(@event.WorkspaceId, out var workspaceId)
            ? mail.SendAsync(workspaceId, context, workspace => new OwnerAlert(
                $"{workspace.Name}: credits are running low ({@event.Balance} left)",
                $"""
                {workspace.Name} has {@event.Balance} credit(s) left, below its alert level of {@event.Threshold}.
                Each AI reply uses one credit. When none are left, AI replies stop: fixed-text replies still go out and every message is still kept.

                What to do: add credits on the Credits page (owners can grant them there), or lower the alert level if this is expected.
                You get this mail once; it comes again only after credits were added and run low again.
                """,
                Page), cancellationToken)
            : Task.CompletedTask;

    public Task HandleAsync(CreditsExhausted @event, EventContext context, CancellationToken cancellationToken) =>
        Guid.TryParse(@event.WorkspaceId, out var workspaceId)
            ? mail.SendAsync(workspaceId, context, workspace => new OwnerAlert(
                $"{workspace.Name}: credits are used up, AI replies have stopped",
                $"""
                {workspace.Name} has no credits left, so customers get no AI replies until credits are added.
                Fixed-text replies still go out, operators can still answer by hand, and every message is still kept.

                What to do: add credits on the Credits page. AI replies start again with the next message.
                You get this mail once; it comes again only after credits were added and used up again.
                """,
                Page), cancellationToken)
            : Task.CompletedTask;

    public Task HandleAsync(CreditsGranted @event, EventContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
