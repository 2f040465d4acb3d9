using Agent.Conversations;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;
using Messaging.Tenancy.Reading;

namespace Agent.Turns;

/// <summary>
/// msg:inbound (group agent): records the message and schedules its conversation's turn after
/// the reply configuration's <c>wait_seconds</c>, so a burst is answered once. A message to a
/// conversation a human has taken over is stored and reported, never answered by the bot.
/// </summary>
public sealed partial class InboundHandler(
    ITenancyReader tenancy,
    InboundRecorder recorder,
    TurnSchedule schedule,
    TurnCompletion completion,
    TimeProvider time,
    ILogger<InboundHandler> logger) : IEventHandler<InboundMessageReceived>
{
    public const int MaxWaitSeconds = 30;

    public const string HumanHandlesReason = "A human operator is handling this conversation, so the bot did not reply.";

    public async Task HandleAsync(InboundMessageReceived inbound, EventContext context, CancellationToken cancellationToken)
    {
        var workspace = await tenancy.GetWorkspaceAsync(inbound.WorkspaceId, cancellationToken);
        if (workspace is null)
        {
            LogUnknownWorkspace(logger, inbound.WorkspaceId, inbound.ProviderMessageId);
            return;
        }
        var configuration = workspace.ReplyConfigurations.GetValueOrDefault(inbound.ChannelId);
        var window = TimeSpan.FromSeconds(Math.Clamp(configuration?.WaitSeconds ?? 0, 0, MaxWaitSeconds));

        var recorded = await recorder.RecordAsync(inbound, workspace.Retention.Mode, window, cancellationToken);
        if (recorded.IsDuplicate && recorded.TurnState != TurnStates.Pending)
        {
            LogDuplicate(logger, inbound.ProviderMessageId, recorded.TurnId);
            return;
        }
        if (inbound.Kind is "reaction" or "system")
        {
            // Recorded in the transcript, never answered, and kept out of any burst it arrives in.
            await completion.CompleteAsync(recorded.TurnId, TurnOutcome.NoReply, TurnDecider.ReactionReason, cancellationToken);
            return;
        }
        if (recorded.ConversationState == ConversationStates.NeedsHuman)
        {
            LogForHuman(logger, recorded.ConversationId, inbound.ProviderMessageId);
            await completion.CompleteAsync(recorded.TurnId, TurnOutcome.NoReply, HumanHandlesReason, cancellationToken);
            return;
        }
        await schedule.ScheduleAsync(recorded.ConversationId, recorded.TurnId, InboundText.Of(inbound), time.GetUtcNow() + window, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound message {ProviderMessageId} names unknown workspace {WorkspaceId}: dropped")]
    static partial void LogUnknownWorkspace(ILogger logger, string workspaceId, string providerMessageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound message {ProviderMessageId} was already handled by turn {TurnId}: redelivery ignored")]
    static partial void LogDuplicate(ILogger logger, string providerMessageId, string turnId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId} is with a human operator: message {ProviderMessageId} stored, operators notified, no bot reply")]
    static partial void LogForHuman(ILogger logger, Guid conversationId, string providerMessageId);
}
