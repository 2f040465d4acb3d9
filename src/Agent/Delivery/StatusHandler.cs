using System.Text.Json;
using Agent.Conversations;
using Agent.Turns;
using Messaging.Channels.Errors;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;
using Npgsql;
using NpgsqlTypes;

namespace Agent.Delivery;

/// <summary>
/// msg:status (group agent): moves an outbound message forward only (sent &lt; delivered &lt;
/// read), so a late or replayed status never overwrites a newer one; failed is final and keeps
/// the provider's code with what it means. Providers usually accept a send and report its
/// failure later, so a late failure is handled as a refused send would have been: a closed
/// window falls back to the template (once), broken credentials disable the channel, and a bot
/// reply that failed for good revises its turn from replied to failed (unanswered queue, credit
/// given back by Billing).
/// </summary>
public sealed partial class StatusHandler(
    NpgsqlDataSource dataSource,
    IEventPublisher events,
    ChannelHealthReporter health,
    TurnCompletion completion,
    TimeProvider time,
    ILogger<StatusHandler> logger)
    : IEventHandler<DeliveryStatusReported>
{
    const string StoredRank = "CASE delivery_state WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4 ELSE 0 END";
    const string ReportedRank = "CASE @state WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4 ELSE 0 END";

    public async Task HandleAsync(DeliveryStatusReported status, EventContext context, CancellationToken cancellationToken)
    {
        var state = status.Status.ToLowerInvariant() switch
        {
            "sent" => DeliveryStates.Sent,
            "delivered" => DeliveryStates.Delivered,
            "read" => DeliveryStates.Read,
            "failed" or "undelivered" => DeliveryStates.Failed,
            _ => null,
        };
        if (state is null)
        {
            LogUnknownStatus(logger, status.Status, status.ProviderMessageId);
            return;
        }
        SendError? error = null;
        if (state == DeliveryStates.Failed)
        {
            error = RecordedErrors.Classify(status.Provider, status.ErrorCode, status.ErrorTitle);
            // Reacted to before the row is marked failed: a crash in between redelivers the
            // status, and the template's own outbound id keeps the fallback to one send.
            await ReactToLateFailureAsync(status, error, cancellationToken);
        }
        var code = error is null ? null : status.ErrorCode;
        var reason = error?.Explanation;

        // The row and, for the first part (any part when it failed), the turn's timeline step in
        // one statement: the step is written only when the status moved the row forward.
        var kind = state switch
        {
            DeliveryStates.Delivered => TurnEventKinds.Delivered,
            DeliveryStates.Read => TurnEventKinds.Read,
            DeliveryStates.Failed => TurnEventKinds.Failed,
            _ => null,
        };
        await using var command = dataSource.CreateCommand($"""
            WITH moved AS (
                UPDATE agent.messages SET delivery_state = @state, failure_code = COALESCE(@code, failure_code),
                    failure_reason = COALESCE(@reason, failure_reason), updated_at = @now
                WHERE direction = 'outbound' AND channel_id = @channel AND provider_message_id = @provider_id
                  AND {StoredRank} < {ReportedRank}
                  AND delivery_state <> 'failed'
                RETURNING turn_id, part_index)
            INSERT INTO agent.turn_events (turn_id, at, kind, detail, data)
            SELECT turn_id, @now, @kind, @detail, @data::jsonb FROM moved
            WHERE turn_id IS NOT NULL AND @kind IS NOT NULL AND (part_index = 0 OR @state = 'failed')
            """);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.Add(new NpgsqlParameter("code", NpgsqlDbType.Text) { Value = (object?)code ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("reason", NpgsqlDbType.Text) { Value = (object?)reason ?? DBNull.Value });
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("channel", status.ChannelId);
        command.Parameters.AddWithValue("provider_id", status.ProviderMessageId);
        command.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = (object?)kind ?? DBNull.Value });
        command.Parameters.AddWithValue("detail", reason ?? $"The provider reported the reply {state}.");
        command.Parameters.AddWithValue("data", JsonSerializer.Serialize(new { providerMessageId = status.ProviderMessageId, code }, JsonSerializerOptions.Web));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    async Task ReactToLateFailureAsync(DeliveryStatusReported status, SendError error, CancellationToken cancellationToken)
    {
        if (error.Category == SendErrorCategory.AuthBroken)
        {
            await health.ReportBrokenAsync(status.ChannelId, error.Explanation, cancellationToken);
        }
        if (await FindOutboundAsync(status, cancellationToken) is not { } found)
        {
            return;
        }
        if (error.Category == SendErrorCategory.WindowClosed && found.FreeFormFirstPart)
        {
            // The template decides how the reply ends (OutboundHandler revises the turn if it
            // cannot go either); a repeated status finds the row failed and requests nothing.
            if (!found.AlreadyFailed)
            {
                LogLateWindowClosed(logger, found.Reply.OutboundId, status.ProviderMessageId, status.ErrorCode);
                await events.PublishAsync(StreamNames.Outbound, found.Reply with { RequestedAt = time.GetUtcNow(), ProviderClosedWindow = true }, cancellationToken);
            }
            return;
        }
        if (found.Reply is { Author: MessageAuthor.Bot, TurnId: { } turnId })
        {
            // Nothing else will reach the customer for this turn: revised as failed, repeated
            // safely when the status is redelivered. An operator's reply keeps its failure on its row.
            LogLateFailure(logger, found.Reply.OutboundId, status.ProviderMessageId, status.ErrorCode, turnId);
            await completion.ReplyFailedAsync(turnId, TurnOutcome.Failed, error.Explanation, status.ErrorCode, cancellationToken);
        }
    }

    /// <summary>
    /// The outbound message a failed status is for, as it was requested, whatever its state: a
    /// free-form first part may fall back to the template, a template or any other part never does.
    /// </summary>
    async Task<(OutboundMessageRequested Reply, bool FreeFormFirstPart, bool AlreadyFailed)?> FindOutboundAsync(DeliveryStatusReported status, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT m.outbound_id, m.conversation_id, c.phone, m.body, m.author, m.author_name, m.turn_id,
                   m.kind = 'text' AND m.part_index = 0, m.delivery_state = 'failed'
            FROM agent.messages m
            JOIN agent.conversations v ON v.id = m.conversation_id
            JOIN agent.contacts c ON c.id = v.contact_id
            WHERE m.direction = 'outbound' AND m.channel_id = @channel AND m.provider_message_id = @provider_id AND m.outbound_id IS NOT NULL
            ORDER BY m.id
            LIMIT 1
            """);
        command.Parameters.AddWithValue("channel", status.ChannelId);
        command.Parameters.AddWithValue("provider_id", status.ProviderMessageId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var reply = new OutboundMessageRequested(
            reader.GetString(0),
            status.WorkspaceId,
            status.ChannelId,
            reader.GetGuid(1).ToString(),
            reader.GetString(2),
            // Under metadata retention the reply's text was never kept: the template goes without it.
            reader.IsDBNull(3) ? "" : reader.GetString(3),
            reader.GetString(4) switch
            {
                MessageAuthors.Operator => MessageAuthor.Operator,
                MessageAuthors.System => MessageAuthor.System,
                _ => MessageAuthor.Bot,
            },
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            null,
            time.GetUtcNow());
        return (reply, reader.GetBoolean(7), reader.GetBoolean(8));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status {Status} for {ProviderMessageId} is not one the agent knows: ignored")]
    static partial void LogUnknownStatus(ILogger logger, string status, string providerMessageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reply {OutboundId} ({ProviderMessageId}) of turn {TurnId} was reported failed later with code {Code}: the turn is revised as failed")]
    static partial void LogLateFailure(ILogger logger, string outboundId, string providerMessageId, string? code, string turnId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reply {OutboundId} ({ProviderMessageId}) was reported failed later with code {Code}, the 24-hour window being closed: falling back to the template")]
    static partial void LogLateWindowClosed(ILogger logger, string outboundId, string providerMessageId, string? code);
}
