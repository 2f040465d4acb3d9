using Messaging.Contracts.Events;
using Messaging.Streams.Bus;

namespace Admin.Alerts;

/// <summary>
/// A channel disabled for bad credentials (channel:alerts, written by the health report that
/// disabled it) to the workspace's owners: once per episode, since the event is raised only when
/// the channel turns disabled, not for every send it refuses afterwards.
/// </summary>
public sealed class ChannelAlertHandler(OwnerAlertMail mail) : IEventHandler<ChannelDisabled>
{
    public Task HandleAsync(ChannelDisabled @event, EventContext context, CancellationToken cancellationToken) =>
        Guid.TryParse(@event.WorkspaceId, out var workspaceId)
            ? mail.SendAsync(workspaceId, context, workspace => new OwnerAlert(
                $"{workspace.Name}: {@event.ChannelName} is disabled, its customers get no replies",
                $"""
                The provider refused the credentials of {@event.ChannelName}{(@event.Reason is { Length: > 0 } reason ? ": " + reason : ".")}
                The number sends nothing until this is fixed; customers' messages are still received and kept.

                What to do: on the Channels page, rotate the number's access token (Meta) or auth token (Twilio) with a valid one.
                A rotated secret is verified at once and switches the number back on.
                """,
                "channels"), cancellationToken)
            : Task.CompletedTask;
}
