using Messaging.Channels.Inbound;
using Messaging.Contracts;
using Messaging.Contracts.Events;
using Messaging.Contracts.Operators;
using Messaging.Streams.Bus;
using Messaging.Tenancy.Reading;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Agent.Operators;

/// <summary>
/// <c>POST /api/agent/leads</c>: a lead from a public form (Admin's <c>/forms/{slug}</c>) starts a
/// conversation: the contact with its lead name, the conversation, and a first message. The
/// customer has not written yet, so the window is closed and delivery sends the workspace's
/// approved template instead of the greeting, or records why nothing could be sent.
/// </summary>
public static class LeadConversationsApi
{
    public static WebApplication MapLeadConversationsApi(this WebApplication app)
    {
        // A service's own call: a public form's visitor is nobody's operator.
        app.MapPost(OperatorsApi.BasePath + "/leads", StartAsync).WithTags("Operators");
        return app;
    }

    static async Task<Results<Accepted<LeadStarted>, NotFound, ValidationProblem>> StartAsync(
        LeadRequest? request, ITenancyReader tenancy, NpgsqlDataSource dataSource, IEventPublisher events, TimeProvider time, CancellationToken cancellationToken)
    {
        var digits = PhoneNumbers.Digits(request?.Phone ?? "");
        if (string.IsNullOrWhiteSpace(request?.ChannelId) || digits.Length is < 8 or > 15 || string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100
            || string.IsNullOrWhiteSpace(request.Greeting) || request.Greeting.Length > 1000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["lead"] = ["channelId, a phone number of 8 to 15 digits, a name (1-100 characters) and a greeting (1-1000) are required."],
            });
        }
        if (await tenancy.GetChannelAsync(request.ChannelId, cancellationToken) is not { } channel)
        {
            return TypedResults.NotFound();
        }
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand("""
            WITH contact AS (
                INSERT INTO agent.contacts (id, workspace_id, channel_id, phone, lead_name, lead_captured_at, created_at)
                VALUES (@contact, @ws, @channel, @phone, @name, @now, @now)
                ON CONFLICT (channel_id, phone) DO UPDATE SET lead_name = excluded.lead_name, lead_captured_at = excluded.lead_captured_at
                RETURNING id)
            INSERT INTO agent.conversations (id, workspace_id, channel_id, contact_id, state, last_message_at, created_at)
            SELECT @conversation, @ws, @channel, contact.id, 'bot', @now, @now FROM contact
            ON CONFLICT (channel_id, contact_id) DO UPDATE SET last_message_at = excluded.last_message_at
            RETURNING id
            """);
        command.Parameters.AddWithValue("contact", Guid.CreateVersion7(now));
        command.Parameters.AddWithValue("conversation", Guid.CreateVersion7(now));
        command.Parameters.AddWithValue("ws", channel.WorkspaceId);
        command.Parameters.AddWithValue("channel", channel.Id);
        command.Parameters.AddWithValue("phone", digits);
        command.Parameters.AddWithValue("name", request.Name.Trim());
        command.Parameters.AddWithValue("now", now);
        var conversationId = (Guid)(await command.ExecuteScalarAsync(cancellationToken))!;
        var outboundId = "lead-" + Guid.CreateVersion7(now).ToString("N");
        await events.PublishAsync(StreamNames.Outbound, new OutboundMessageRequested(
            outboundId, channel.WorkspaceId, channel.Id, conversationId.ToString(), digits, request.Greeting.Trim(), MessageAuthor.System, null, null, null, now), cancellationToken);
        return TypedResults.Accepted($"{OperatorsApi.BasePath}/conversations/{conversationId}", new LeadStarted(conversationId, outboundId));
    }
}
