using Messaging.Contracts.Events;
using Messaging.Streams.Bus;

namespace Admin.Alerts;

/// <summary>
/// The code typed on a Twilio number's verification call (channel:alerts, from Ingest) to the
/// workspace's owners, who need it to finish registering the number with WhatsApp.
/// </summary>
public sealed class VerificationCodeMailHandler(OwnerAlertMail mail) : IEventHandler<VerificationCodeCaptured>
{
    public Task HandleAsync(VerificationCodeCaptured @event, EventContext context, CancellationToken cancellationToken) =>
        Guid.TryParse(@event.WorkspaceId, out var workspaceId)
            ? mail.SendAsync(workspaceId, context, workspace => new OwnerAlert(
                // The subject is logged when the mail is sent; the code stays in the body.
                $"{workspace.Name}: the verification code for {@event.ChannelName}",
                $"""
                A verification call to {@event.ChannelName} was answered at {@event.ReceivedAt:yyyy-MM-dd HH:mm} UTC and the caller typed this code:

                    {@event.Code}

                What to do: enter it where you asked WhatsApp to verify the number. The Channels page shows it too, for a week.
                """,
                "channels"), cancellationToken)
            : Task.CompletedTask;
}
