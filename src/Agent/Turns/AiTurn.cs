using Agent.Ai.Generation;
using Agent.Ai.Safety;
using Agent.Conversations;
using Agent.Credits;
using Agent.Delivery;
using Messaging.Tenancy.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Agent.Turns;

/// <summary>
/// An AI response: only while the persona is approved; one credit reserved
/// from Billing before the model runs (none left: no AI reply, silently, recorded on the turn);
/// "typing…" shown while it generates; the tool calls and usage on the timeline. A failed
/// generation ends the turn as failed, which releases the credit.
/// </summary>
public sealed partial class AiTurn(
    IReplyGenerator generator,
    IPromptInjectionScanner injections,
    CreditsClient credits,
    ChannelSender sender,
    AgentDbContext db,
    NpgsqlDataSource dataSource,
    TurnTimeline timeline,
    TurnCompletion completion,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILoggerFactory loggers)
{
    public const string NoCreditsReason = "No credits left: AI replies are paused until credits are added.";
    public const string PersonaReasonPrefix = "AI replies ";
    public const string GenerationFailedPrefix = "The AI reply could not be written: ";

    public async Task<TurnDecision> DecideAsync(TurnContext context, AiResponse response, CancellationToken cancellationToken)
    {
        var persona = context.Workspace.Persona;
        if (persona is not { IsApproved: true })
        {
            return TurnDecision.NoReply(persona is null
                ? "AI replies need a workspace persona, and none is written yet."
                : $"AI replies are paused while the workspace persona is {persona.Safety.ToString().ToLowerInvariant()}.");
        }

        var turn = context.Turn;
        var verdict = injections.Scan(context.Text);
        if (verdict.IsFlagged)
        {
            // Never handed to the model; a fixed, harmless answer instead, without a credit.
            await timeline.AddAsync(turn.Id, TurnEventKinds.InjectionFlagged, "The message looks like an attempt to steer the AI: a safe fixed reply goes instead.",
                new { reasons = verdict.Reasons }, cancellationToken);
            return verdict.SafeReply is { } safeReply ? TurnDecision.Reply(safeReply) : TurnDecision.NoReply("The message was flagged as a prompt-injection attempt.");
        }
        if (await credits.ReserveAsync(context.Workspace.Id, turn.Id, cancellationToken) == ReservationOutcome.InsufficientCredits)
        {
            await timeline.AddAsync(turn.Id, TurnEventKinds.CreditDenied, NoCreditsReason, cancellationToken: cancellationToken);
            return TurnDecision.NoReply(NoCreditsReason);
        }
        await completion.MarkUsageAsync(turn.Id, usedAi: true, creditReserved: true, cancellationToken);
        await timeline.AddAsync(turn.Id, TurnEventKinds.CreditReserved, "One credit reserved for the AI reply.", cancellationToken: cancellationToken);

        if (context.Inbound.ProviderMessageId is { } inboundId)
        {
            await sender.MarkReadAsync(context.Channel, inboundId, showTyping: true, cancellationToken);
        }

        var actions = new ConversationActions(context.Conversation.Id, turn.Id, dataSource, timeline, time, loggers.CreateLogger<ConversationActions>());
        var request = new GenerationRequest(
            context.Workspace,
            response.Prompt,
            await HistoryAsync(context, cancellationToken),
            context.Contact.LeadName ?? context.Contact.ProfileName ?? "Customer",
            context.Text,
            actions,
            context.Policy.Languages.FirstOrDefault() ?? "en");
        GenerationResult result;
        try
        {
            result = await generator.GenerateAsync(request, cancellationToken);
        }
        catch (ReplyGenerationException e)
        {
            await timeline.AddAsync(turn.Id, TurnEventKinds.GenerationFailed, e.Message, new { reason = e.Reason.ToString() }, cancellationToken);
            return TurnDecision.Failed(GenerationFailedPrefix + e.Message, usedAi: true, creditReserved: true);
        }

        foreach (var call in result.ToolCalls)
        {
            await timeline.AddAsync(turn.Id, TurnEventKinds.ToolCalled, call.Error is null ? $"{call.Name}: {call.ResultSummary}" : $"{call.Name} failed: {call.Error}",
                new { name = call.Name, arguments = call.ArgumentsJson, result = call.ResultSummary, durationMs = call.DurationMs, error = call.Error }, cancellationToken);
        }
        await timeline.AddAsync(turn.Id, TurnEventKinds.Generated,
            $"{(result.Offline ? "Offline responder" : result.ModelId)} answered in {result.ElapsedMs} ms ({result.InputTokens} + {result.OutputTokens} tokens, {result.ToolCalls.Count} tool calls).",
            new
            {
                model = result.ModelId,
                offline = result.Offline,
                elapsedMs = result.ElapsedMs,
                inputTokens = result.InputTokens,
                outputTokens = result.OutputTokens,
                rounds = result.Rounds,
                toolCalls = result.ToolCalls.Select(c => c.Name).ToArray(),
                finishReason = result.FinishReason,
            },
            cancellationToken);
        return TurnDecision.Reply(result.Reply, usedAi: true, creditReserved: true);
    }

    /// <summary>Earlier transcript messages with their text (none under metadata retention: no body is stored).</summary>
    async Task<IReadOnlyList<HistoryMessage>> HistoryAsync(TurnContext context, CancellationToken cancellationToken)
    {
        if (context.Retention.Mode != RetentionMode.Full || options.Value.HistoryMessages == 0)
        {
            return [];
        }
        var burst = context.BurstMessageIds;
        var rows = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == context.Conversation.Id && m.Body != null && !burst.Contains(m.Id) && m.Id < context.Inbound.Id)
            .Where(m => m.Direction == MessageDirections.Inbound || m.DeliveryState != DeliveryStates.Skipped)
            .OrderByDescending(m => m.Id)
            .Take(options.Value.HistoryMessages)
            .Select(m => new { m.Author, m.Body })
            .ToListAsync(cancellationToken);
        rows.Reverse();
        return rows.Select(m => new HistoryMessage(
            m.Author switch
            {
                MessageAuthors.Customer => HistoryAuthor.Customer,
                MessageAuthors.Operator => HistoryAuthor.Operator,
                _ => HistoryAuthor.Bot,
            },
            m.Body!)).ToList();
    }
}
