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
/// approved template instead of the greeting, or records why nothing could be sent. The form's
/// consent is a fresh opt-in: a contact who had opted out (STOP) is subscribed again, recorded on
/// the contact as "opted in again via form {slug}", and gets the greeting. Without consent
/// nothing goes to such a contact, and the answer says so (409) instead of a greeting that
/// delivery would drop.
/// </summary>
public static class LeadConversationsApi
{
    public static WebApplication MapLeadConversationsApi(this WebApplication app)
    {
        // A service's own call: a public form's visitor is nobody's operator.
        app.MapPost(OperatorsApi.BasePath + "/leads", StartAsync).WithTags("Operators");
        return app;
    }

    static async Task<Results<Accepted<LeadStarted>, NotFound, ValidationProblem, ProblemHttpResult>> StartAsync(
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
        // The contact's opt-out as it stands after this form: cleared by its consent, kept without it.
        await using var command = dataSource.CreateCommand("""
            WITH contact AS (
                INSERT INTO agent.contacts (id, workspace_id, channel_id, phone, lead_name, lead_captured_at, created_at)
                VALUES (@contact, @ws, @channel, @phone, @name, @now, @now)
                ON CONFLICT (channel_id, phone) DO UPDATE SET lead_name = excluded.lead_name, lead_captured_at = excluded.lead_captured_at,
                    opted_out_at = CASE WHEN @consent THEN NULL ELSE contacts.opted_out_at END,
                    opt_out_text = CASE WHEN @consent THEN NULL ELSE contacts.opt_out_text END,
                    opt_in_text = CASE WHEN @consent AND contacts.opted_out_at IS NOT NULL THEN @optIn ELSE contacts.opt_in_text END
                RETURNING id, opted_out_at)
            INSERT INTO agent.conversations (id, workspace_id, channel_id, contact_id, state, last_message_at, created_at)
            SELECT @conversation, @ws, @channel, contact.id, 'bot', @now, @now FROM contact
            ON CONFLICT (channel_id, contact_id) DO UPDATE SET last_message_at = excluded.last_message_at
            RETURNING id, (SELECT opted_out_at FROM contact)
            """);
        command.Parameters.AddWithValue("contact", Guid.CreateVersion7(now));
        command.Parameters.AddWithValue("conversation", Guid.CreateVersion7(now));
        command.Parameters.AddWithValue("ws", channel.WorkspaceId);
        command.Parameters.AddWithValue("channel", channel.Id);
        command.Parameters.AddWithValue("phone", digits);
        command.Parameters.AddWithValue("name", request.Name.Trim());
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("consent", request.Consent);
        command.Parameters.AddWithValue("optIn", $"Opted in again via form {(string.IsNullOrWhiteSpace(request.FormSlug) ? "(unnamed)" : request.FormSlug.Trim())}.");
        Guid conversationId;
        DateTimeOffset? optedOutAt;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            conversationId = reader.GetGuid(0);
            optedOutAt = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1);
        }
        if (optedOutAt is { } at)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The contact opted out",
                detail: $"The customer opted out of messages (STOP) on {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC and this lead came without the form's consent, so no greeting was sent.");
        }
        var outboundId = "lead-" + Guid.CreateVersion7(now).ToString("N");
        await events.PublishAsync(StreamNames.Outbound, new OutboundMessageRequested(
            outboundId, channel.WorkspaceId, channel.Id, conversationId.ToString(), digits, request.Greeting.Trim(), MessageAuthor.System, null, null, null, now), cancellationToken);
        return TypedResults.Accepted($"{OperatorsApi.BasePath}/conversations/{conversationId}", new LeadStarted(conversationId, outboundId));
    }
}
