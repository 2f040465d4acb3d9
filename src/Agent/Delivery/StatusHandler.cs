using System.Globalization;
using Agent.Conversations;
using Messaging.Channels;
using Messaging.Channels.Errors;
using Messaging.Channels.Inbound;
using Messaging.Contracts.Events;
using Messaging.Streams.Bus;
using Npgsql;

namespace Agent.Delivery;

/// <summary>
/// msg:status (group agent): moves an outbound message forward only (sent &lt; delivered &lt;
/// read), so a late or replayed status never overwrites a newer one; failed is final and keeps
/// the provider's code with what it means.
/// </summary>
public sealed partial class StatusHandler(NpgsqlDataSource dataSource, TurnTimeline timeline, TimeProvider time, ILogger<StatusHandler> logger)
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
        string? code = null, reason = null;
        if (state == DeliveryStates.Failed)
        {
            var provider = status.Provider == ChannelProvider.Meta ? WhatsAppProvider.Meta : WhatsAppProvider.Twilio;
            int? numeric = int.TryParse(status.ErrorCode, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            var error = SendErrorClassifier.FromProviderError(provider, new ProviderError(numeric, status.ErrorTitle, status.ErrorTitle, null));
            code = status.ErrorCode;
            reason = error.Explanation;
        }

        await using var command = dataSource.CreateCommand($"""
            UPDATE agent.messages SET delivery_state = @state, failure_code = COALESCE(@code, failure_code),
                failure_reason = COALESCE(@reason, failure_reason), updated_at = @now
            WHERE direction = 'outbound' AND channel_id = @channel AND provider_message_id = @provider_id
              AND {StoredRank} < {ReportedRank}
              AND delivery_state <> 'failed'
            RETURNING turn_id, part_index
            """);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("code", (object?)code ?? DBNull.Value);
        command.Parameters.AddWithValue("reason", (object?)reason ?? DBNull.Value);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("channel", status.ChannelId);
        command.Parameters.AddWithValue("provider_id", status.ProviderMessageId);
        string? turnId = null;
        var part = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0))
            {
                turnId = reader.GetString(0);
                part = reader.GetInt32(1);
            }
        }
        if (turnId is not null && state != DeliveryStates.Sent && (part == 0 || state == DeliveryStates.Failed))
        {
            var kind = state switch
            {
                DeliveryStates.Delivered => TurnEventKinds.Delivered,
                DeliveryStates.Read => TurnEventKinds.Read,
                DeliveryStates.Failed => TurnEventKinds.Failed,
                _ => TurnEventKinds.Sent,
            };
            await timeline.AddAsync(turnId, kind, reason ?? $"The provider reported the reply {state}.",
                new { providerMessageId = status.ProviderMessageId, code }, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status {Status} for {ProviderMessageId} is not one the agent knows: ignored")]
    static partial void LogUnknownStatus(ILogger logger, string status, string providerMessageId);
}
