using System.Globalization;
using Agent.Conversations;
using Agent.Turns;
using Messaging.Channels.Errors;
using Messaging.Channels.Formatting;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;
using Messaging.Tenancy.Model;
using Messaging.Tenancy.Reading;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Agent.Delivery;

/// <summary>
/// msg:outbound (group delivery): a bot, operator or system message to its customer. Inside
/// the 24-hour window it goes as WhatsApp-formatted text in parts of at most 4096 characters,
/// the first quoting the customer's message; outside, as the workspace's approved template, or
/// not at all with the reason recorded. Provider errors are handled by their classification.
/// A part is recorded as sent right after the provider accepts it: a crash in that instant is
/// the only way a part can go twice (the redelivered event finds it still 'sending').
/// </summary>
public sealed partial class OutboundHandler(
    AgentDbContext db,
    ITenancyReader tenancy,
    ChannelSender sender,
    RetryingSender retrying,
    OutboundParts parts,
    ChannelHealthReporter health,
    TurnTimeline timeline,
    TurnCompletion completion,
    TimeProvider time,
    ILogger<OutboundHandler> logger) : IEventHandler<OutboundMessageRequested>
{
    public static readonly TimeSpan CustomerServiceWindow = TimeSpan.FromHours(24);

    public const string ChannelDisabledReason = "The channel is disabled, so nothing was sent. Reconnect or enable it in Admin.";
    public const string NoTemplateReason = "More than 24 hours have passed since the customer last wrote, and the workspace has no approved template to send instead.";
    public const string OptedOutReason = "The contact opted out (STOP): nothing is sent to them, by the bot or by an operator, until they write START.";

    public async Task HandleAsync(OutboundMessageRequested outbound, EventContext context, CancellationToken cancellationToken)
    {
        // One round trip: the conversation as it stands now (a hand-off or an opt-out since the
        // reply was queued stops it), its contact, and the turn the delivery completes.
        var found = Guid.TryParse(outbound.ConversationId, out var conversationId)
            ? await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId)
                .Select(c => new { Conversation = c, c.Contact, Turn = db.Turns.FirstOrDefault(t => t.Id == outbound.TurnId) })
                .SingleOrDefaultAsync(cancellationToken)
            : null;
        if (found is null)
        {
            LogUnknownConversation(logger, outbound.OutboundId, outbound.ConversationId);
            return;
        }
        var conversation = found.Conversation;
        conversation.Contact = found.Contact;
        var (outcome, reason) = await DeliverAsync(outbound, conversation, found.Turn, cancellationToken);
        if (found.Turn is not { } turn)
        {
            return;
        }
        if (outbound.ProviderClosedWindow && outcome != TurnOutcome.Replied)
        {
            // The fallback of a reply the provider accepted and reported failed later: the turn
            // was (or is about to be) completed as replied, so it is revised rather than completed.
            await completion.ReplyFailedAsync(turn.Id, outcome, reason ?? NoTemplateReason, null, cancellationToken);
            return;
        }
        await completion.CompleteAsync(turn, outcome, reason, cancellationToken);
    }

    /// <param name="turn">The bot's turn this message answers, as read when its delivery began; null for an operator's or system message.</param>
    async Task<(TurnOutcome Outcome, string? Reason)> DeliverAsync(OutboundMessageRequested outbound, Conversation conversation, Turn? turn, CancellationToken cancellationToken)
    {
        var workspace = await tenancy.GetWorkspaceAsync(outbound.WorkspaceId, cancellationToken);
        var channel = workspace?.Channels.FirstOrDefault(c => c.Id == outbound.ChannelId);
        var retention = workspace?.Retention.Mode ?? RetentionMode.Metadata;
        if (workspace is null || channel is null || !channel.Enabled || channel.Health == ChannelHealth.Disabled)
        {
            return await SkipAsync(outbound, conversation, retention, ChannelDisabledReason, cancellationToken);
        }
        if (conversation.Contact?.OptedOutAt is not null && !await ConfirmsOptOutAsync(outbound, cancellationToken))
        {
            return await SkipAsync(outbound, conversation, retention, OptedOutReason, cancellationToken);
        }
        if (outbound.Author == MessageAuthor.Bot && conversation.State == ConversationStates.NeedsHuman && conversation.HandoffTurnId != outbound.TurnId)
        {
            return await SkipAsync(outbound, conversation, retention, InboundHandler.HumanHandlesReason, cancellationToken);
        }

        // A template may be sent at any time; the operator's choice goes out as chosen.
        if (outbound.Template is { } chosen)
        {
            return await SendChosenTemplateAsync(outbound, chosen, conversation, workspace, channel, cancellationToken);
        }

        var windowOpen = conversation.LastInboundAt is { } lastInbound && time.GetUtcNow() - lastInbound < CustomerServiceWindow;
        if (!windowOpen || outbound.ProviderClosedWindow)
        {
            return await SendTemplateAsync(outbound, conversation, workspace, channel, cancellationToken);
        }

        // The AI writes markdown; an operator writes WhatsApp's own *bold* and _italic_, sent exactly as typed.
        var texts = WhatsAppTextSplitter.Split(outbound.Author == MessageAuthor.Operator ? outbound.Text : WhatsAppMarkdown.ToWhatsApp(outbound.Text));
        for (var index = 0; index < texts.Count; index++)
        {
            var recorded = await parts.BeginAsync(outbound, conversation.Id, index, "text", texts[index], retention, cancellationToken);
            if (recorded.Ended)
            {
                // An earlier delivery of this message ended here and stopped before its turn did (a crash, a
                // lost connection): it ends the same way again, the template fallback included, never as replied.
                return index == 0 && recorded.State == DeliveryStates.Failed && IsWindowClosed(channel, recorded.FailureCode)
                    ? await SendTemplateAsync(outbound, conversation, workspace, channel, cancellationToken)
                    : EndedAs(recorded);
            }
            if (recorded.State is not DeliveryStates.Sending)
            {
                continue;
            }
            var rowId = recorded.Id;
            var replyTo = index == 0 ? outbound.ReplyToProviderMessageId : null;
            var part = texts[index];
            var result = await retrying.SendAsync(channel.Id, outbound.To, outbound.TurnId,
                ct => sender.SendTextAsync(channel, outbound.To, part, replyTo, ct), cancellationToken);
            if (result.Succeeded)
            {
                await parts.SentAsync(rowId, result.ProviderMessageId!, SentStep(outbound, index, texts.Count, result.ProviderMessageId!), cancellationToken);
                if (index == 0)
                {
                    await ReportHealthyAsync(channel, cancellationToken);
                    await MarkAnsweredReadAsync(outbound, turn, channel, cancellationToken);
                }
                continue;
            }
            var error = result.Error!;
            if (error.Category == SendErrorCategory.WindowClosed && index == 0)
            {
                // The provider knows better than our clock (a message it never delivered, clock skew).
                await parts.EndAsync(rowId, DeliveryStates.Failed, Code(error), error.Explanation, cancellationToken);
                return await SendTemplateAsync(outbound, conversation, workspace, channel, cancellationToken);
            }
            return await FailAsync(outbound, channel, rowId, error, cancellationToken);
        }
        return (TurnOutcome.Replied, null);
    }

    async Task<(TurnOutcome, string?)> SendChosenTemplateAsync(OutboundMessageRequested outbound, ChosenTemplate chosen, Conversation conversation, TenantWorkspace workspace, TenantChannel channel, CancellationToken cancellationToken)
    {
        var template = workspace.Templates.FirstOrDefault(t => t.Name == chosen.Name && t.Language == chosen.Language && t.Status == TemplateStatus.Approved
            && (channel.Provider != ChannelProvider.Twilio || !string.IsNullOrEmpty(t.TwilioContentSid)));
        if (template is null)
        {
            return await SkipAsync(outbound, conversation, workspace.Retention.Mode,
                $"The template \"{chosen.Name}\" ({chosen.Language}) is not approved for this channel (any more), so nothing was sent.", cancellationToken);
        }
        return await SendTemplateAsync(outbound, template, chosen.Parameters, conversation, workspace, channel, cancellationToken);
    }

    async Task<(TurnOutcome, string?)> SendTemplateAsync(OutboundMessageRequested outbound, Conversation conversation, TenantWorkspace workspace, TenantChannel channel, CancellationToken cancellationToken)
    {
        var template = TemplateChoice.Pick(workspace, channel);
        if (template is null)
        {
            return await SkipAsync(outbound with { OutboundId = outbound.OutboundId + ":template" }, conversation, workspace.Retention.Mode, NoTemplateReason, cancellationToken);
        }
        var name = conversation.Contact?.LeadName ?? conversation.Contact?.ProfileName;
        return await SendTemplateAsync(outbound, template, TemplateChoice.Parameters(template, name, outbound.Text), conversation, workspace, channel, cancellationToken);
    }

    async Task<(TurnOutcome, string?)> SendTemplateAsync(OutboundMessageRequested outbound, MessageTemplate template, IReadOnlyList<string> parameters, Conversation conversation, TenantWorkspace workspace, TenantChannel channel, CancellationToken cancellationToken)
    {
        var templateOutbound = outbound with { OutboundId = outbound.OutboundId + ":template" };
        var recorded = await parts.BeginAsync(templateOutbound, conversation.Id, 0, "template", TemplateChoice.Render(template, parameters), workspace.Retention.Mode, cancellationToken);
        if (recorded.Ended)
        {
            return EndedAs(recorded);
        }
        if (recorded.State is not DeliveryStates.Sending)
        {
            return (TurnOutcome.Replied, null);
        }
        var rowId = recorded.Id;
        if (outbound.TurnId is { } turnId)
        {
            await timeline.AddAsync(turnId, TurnEventKinds.Template,
                $"The 24-hour window is closed: sending the approved template \"{template.Name}\" ({template.Language}) instead.",
                new { template = template.Name, language = template.Language }, cancellationToken);
        }
        var result = await retrying.SendAsync(channel.Id, outbound.To, outbound.TurnId,
            ct => sender.SendTemplateAsync(channel, outbound.To, template, parameters, ct), cancellationToken);
        if (!result.Succeeded)
        {
            return await FailAsync(outbound, channel, rowId, result.Error!, cancellationToken);
        }
        await parts.SentAsync(rowId, result.ProviderMessageId!, SentStep(outbound, 0, 1, result.ProviderMessageId!), cancellationToken);
        await ReportHealthyAsync(channel, cancellationToken);
        return (TurnOutcome.Replied, null);
    }

    /// <summary>
    /// WhatsApp's rule, applied strictly: after STOP the contact gets one message, the confirmation,
    /// which is the reply of the turn that recorded the opt-out. Operator replies and templates
    /// (the operators API refuses them with 409 already) and anything queued before STOP are not sent.
    /// </summary>
    Task<bool> ConfirmsOptOutAsync(OutboundMessageRequested outbound, CancellationToken cancellationToken) =>
        outbound is { Author: MessageAuthor.Bot, TurnId: { } turnId }
            ? db.TurnEvents.AsNoTracking().AnyAsync(e => e.TurnId == turnId && e.Kind == TurnEventKinds.OptedOut, cancellationToken)
            : Task.FromResult(false);

    /// <summary>Until the tenancy cache hears back, a few sends may repeat the report; it changes nothing twice.</summary>
    Task ReportHealthyAsync(TenantChannel channel, CancellationToken cancellationToken) =>
        channel.Health is ChannelHealth.Unknown or ChannelHealth.Failing ? health.ReportHealthyAsync(channel.Id, cancellationToken) : Task.CompletedTask;

    async Task<(TurnOutcome, string?)> FailAsync(OutboundMessageRequested outbound, TenantChannel channel, long rowId, SendError error, CancellationToken cancellationToken)
    {
        await parts.EndAsync(rowId, DeliveryStates.Failed, Code(error), error.Explanation, cancellationToken);
        if (error.Category == SendErrorCategory.AuthBroken)
        {
            await health.ReportBrokenAsync(channel.Id, error.Explanation, cancellationToken);
        }
        LogSendFailed(logger, outbound.OutboundId, error.Category, error.Code, error.Explanation);
        return (TurnOutcome.Failed, error.Explanation);
    }

    async Task<(TurnOutcome, string?)> SkipAsync(OutboundMessageRequested outbound, Conversation conversation, RetentionMode retention, string reason, CancellationToken cancellationToken)
    {
        var recorded = await parts.BeginAsync(outbound, conversation.Id, 0, "text", outbound.Text, retention, cancellationToken);
        if (recorded.State is DeliveryStates.Sending)
        {
            await parts.EndAsync(recorded.Id, DeliveryStates.Skipped, null, reason, cancellationToken);
        }
        return (TurnOutcome.NoReply, reason);
    }

    /// <summary>The outcome an earlier delivery recorded on the part it ended at.</summary>
    static (TurnOutcome, string?) EndedAs(OutboundPart part) =>
        part.State == DeliveryStates.Skipped ? (TurnOutcome.NoReply, part.FailureReason) : (TurnOutcome.Failed, part.FailureReason);

    /// <summary>Whether the code recorded on a failed part is the provider's closed window, which the template answers.</summary>
    static bool IsWindowClosed(TenantChannel channel, string? code) =>
        RecordedErrors.Classify(channel.Provider, code, null).Category == SendErrorCategory.WindowClosed;

    NpgsqlBatchCommand? SentStep(OutboundMessageRequested outbound, int index, int count, string providerMessageId) =>
        outbound.TurnId is { } turnId
            ? timeline.Entry(turnId, TurnEventKinds.Sent,
                count == 1 ? "Accepted by the provider." : $"Part {index + 1} of {count} accepted by the provider.",
                new { providerMessageId, part = index })
            : null;

    /// <summary>
    /// Blue ticks on the message a bot reply answers. An AI turn marks it read (with "typing…")
    /// before it generates; every other reply, canned ones included, gets them once it is sent.
    /// </summary>
    async Task MarkAnsweredReadAsync(OutboundMessageRequested outbound, Turn? turn, TenantChannel channel, CancellationToken cancellationToken)
    {
        if (outbound is not { Author: MessageAuthor.Bot, ReplyToProviderMessageId: { } inboundId, TurnId: not null } || turn is { UsedAi: true })
        {
            return;
        }
        if (await sender.MarkReadAsync(channel, inboundId, showTyping: false, cancellationToken) is { Succeeded: false, Error: { } error })
        {
            LogMarkReadFailed(logger, inboundId, error.Explanation);
        }
    }

    static string? Code(SendError error) => error.Code?.ToString(CultureInfo.InvariantCulture) ?? error.HttpStatus?.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbound {OutboundId} names unknown conversation {ConversationId}: dropped")]
    static partial void LogUnknownConversation(ILogger logger, string outboundId, string conversationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not mark {ProviderMessageId} read: {Explanation}")]
    static partial void LogMarkReadFailed(ILogger logger, string providerMessageId, string explanation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbound {OutboundId} was not delivered: {Category} (code {Code}): {Explanation}")]
    static partial void LogSendFailed(ILogger logger, string outboundId, SendErrorCategory category, int? code, string explanation);
}
