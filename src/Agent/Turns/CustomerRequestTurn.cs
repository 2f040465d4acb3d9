using Agent.Ai.Languages;
using Agent.Conversations;
using Npgsql;

namespace Agent.Turns;

/// <summary>
/// Requests about the conversation itself, answered before any rule, canned and free: opt-out
/// (STOP and its equivalents) and back in (START), a person asked for, a "yes" to the bot's own
/// offer of a person, and personal-data requests, which go to an operator with the reason.
/// While a contact is opted out nothing automated is sent.
/// </summary>
public sealed partial class CustomerRequestTurn(NpgsqlDataSource dataSource, TurnTimeline timeline, TimeProvider time, ILoggerFactory loggers)
{
    readonly ILogger _logger = loggers.CreateLogger<CustomerRequestTurn>();

    /// <summary>The English texts; a workspace serving other languages gets its own (<see cref="CustomerTexts"/>).</summary>
    public static readonly string HandoffReply = CustomerTexts.For(["en"]).Handoff;
    public static readonly string DataRequestReply = CustomerTexts.For(["en"]).DataRequest;

    /// <summary>The decision for such a request, or null when the burst asks the business something.</summary>
    public async Task<TurnDecision?> DecideAsync(TurnContext context, WorkspacePolicy policy, CancellationToken cancellationToken)
    {
        var lines = context.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var customerLanguage = MessageLanguage.Detect(context.Text);
        var texts = CustomerTexts.For(policy.Languages, customerLanguage);
        if (context.Contact.OptedOutAt is not null)
        {
            if (!lines.Any(line => OptOuts.IsOptIn(line, policy.Languages)))
            {
                return TurnDecision.NoReply(OptOuts.OptedOutReason);
            }
            await SetOptOutAsync(context, null, cancellationToken);
            await timeline.AddAsync(context.Turn.Id, TurnEventKinds.OptedIn, "The contact opted in again (START).", cancellationToken: cancellationToken);
            return TurnDecision.Reply(texts.OptInWelcome);
        }
        if (lines.FirstOrDefault(line => OptOuts.IsOptOut(line, policy.Languages)) is { } stop)
        {
            await SetOptOutAsync(context, stop, cancellationToken);
            await timeline.AddAsync(context.Turn.Id, TurnEventKinds.OptedOut, $"The contact opted out (\"{Shorten(stop)}\"): nothing automated is sent until START.", cancellationToken: cancellationToken);
            LogOptedOut(_logger, context.Conversation.Id);
            return TurnDecision.Reply(texts.OptOutConfirmation);
        }
        if (CustomerRequests.IsDataRequest(context.Text))
        {
            await HandOverAsync(context, $"The customer asks about their personal data: \"{Shorten(context.Text)}\"", cancellationToken);
            return TurnDecision.Reply(texts.DataRequest);
        }
        if (CustomerRequests.AsksForHuman(context.Text))
        {
            await HandOverAsync(context, "The customer asked to talk to a person.", cancellationToken);
            return TurnDecision.Reply(texts.Handoff);
        }
        if (context.Conversation.HandoffOfferedAt is not null && lines.Length > 0 && lines.All(CustomerRequests.IsAffirmative))
        {
            await HandOverAsync(context, "The customer accepted the bot's offer to pass the conversation to a person.", cancellationToken);
            return TurnDecision.Reply(texts.Handoff);
        }
        return null;
    }

    Task HandOverAsync(TurnContext context, string reason, CancellationToken cancellationToken) =>
        new ConversationActions(context.Conversation.Id, context.Turn.Id, dataSource, timeline, time, loggers.CreateLogger<ConversationActions>())
            .RequestHumanAsync(reason, cancellationToken);

    async Task SetOptOutAsync(TurnContext context, string? text, CancellationToken cancellationToken)
    {
        // Opting out keeps how the contact last opted in; opting in (START) says so.
        await using var command = dataSource.CreateCommand("UPDATE agent.contacts SET opted_out_at = @at, opt_out_text = @text, opt_in_text = COALESCE(@optIn, opt_in_text) WHERE id = @contact");
        command.Parameters.AddWithValue("at", text is null ? DBNull.Value : (object)time.GetUtcNow());
        command.Parameters.AddWithValue("text", text is null ? DBNull.Value : (object)Shorten(text));
        command.Parameters.Add(new NpgsqlParameter<string?>("optIn", text is null ? "Opted in again by writing START." : null));
        command.Parameters.AddWithValue("contact", context.Contact.Id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId}: the contact opted out of automated messages")]
    static partial void LogOptedOut(ILogger logger, Guid conversationId);
}
