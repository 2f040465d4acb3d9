using Messaging.ServiceDefaults.Database;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Conversations.Migrations;

/// <summary>
/// The schema as the former SQL migrator created it (0001_conversations.sql, kept verbatim: the checks,
/// partial indexes and defaults the model does not describe). On a database that
/// migrator already brought to 0001_conversations it only records itself.
/// </summary>
public partial class Baseline : Migration
{
    const string Script = """
        -- Conversations owned by Agent. Workspace and channel ids are the tenancy ids as text: another
        -- schema's rows, referenced by value, never by foreign key.

        CREATE TABLE contacts (
            id uuid PRIMARY KEY,
            workspace_id text NOT NULL,
            channel_id text NOT NULL,
            phone text NOT NULL,
            profile_name text,
            lead_name text,
            lead_email text,
            lead_interest text,
            lead_captured_at timestamptz,
            created_at timestamptz NOT NULL,
            UNIQUE (channel_id, phone)
        );

        CREATE TABLE conversations (
            id uuid PRIMARY KEY,
            workspace_id text NOT NULL,
            channel_id text NOT NULL,
            contact_id uuid NOT NULL REFERENCES contacts (id),
            state text NOT NULL DEFAULT 'bot' CHECK (state IN ('bot', 'needs_human', 'closed')),
            assigned_operator text,
            handoff_reason text,
            -- The turn whose AI asked for a human: its own reply (the hand-off message) may still go.
            handoff_turn_id text,
            last_inbound_at timestamptz,
            last_message_at timestamptz NOT NULL,
            created_at timestamptz NOT NULL,
            UNIQUE (channel_id, contact_id)
        );
        CREATE INDEX conversations_workspace_recent ON conversations (workspace_id, last_message_at DESC);

        -- body is null when the workspace keeps metadata only, and after the retention period.
        CREATE TABLE messages (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            conversation_id uuid NOT NULL REFERENCES conversations (id),
            workspace_id text NOT NULL,
            channel_id text NOT NULL,
            direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
            kind text NOT NULL,
            author text NOT NULL CHECK (author IN ('customer', 'bot', 'operator', 'system')),
            author_name text,
            body text,
            provider_message_id text,
            outbound_id text,
            part_index int NOT NULL DEFAULT 0,
            turn_id text,
            reply_to_provider_message_id text,
            delivery_state text CHECK (delivery_state IN ('sending', 'sent', 'delivered', 'read', 'failed', 'skipped')),
            failure_code text,
            failure_reason text,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            body_purged_at timestamptz
        );
        CREATE UNIQUE INDEX messages_inbound_provider_id ON messages (channel_id, provider_message_id) WHERE direction = 'inbound';
        CREATE UNIQUE INDEX messages_outbound_part ON messages (outbound_id, part_index) WHERE direction = 'outbound';
        CREATE INDEX messages_outbound_provider_id ON messages (provider_message_id) WHERE direction = 'outbound';
        CREATE INDEX messages_conversation ON messages (conversation_id, id);
        CREATE INDEX messages_purge ON messages (workspace_id, created_at) WHERE body IS NOT NULL;

        -- One turn per inbound message. Messages of a burst are 'joined' into the turn that answers them.
        CREATE TABLE turns (
            id text PRIMARY KEY,
            conversation_id uuid NOT NULL REFERENCES conversations (id),
            workspace_id text NOT NULL,
            channel_id text NOT NULL,
            inbound_message_id bigint NOT NULL UNIQUE REFERENCES messages (id),
            state text NOT NULL CHECK (state IN ('pending', 'joined', 'replying', 'completed')),
            joined_turn_id text,
            outcome text CHECK (outcome IN ('replied', 'no_reply', 'failed')),
            reason text,
            credit_reserved boolean NOT NULL DEFAULT false,
            used_ai boolean NOT NULL DEFAULT false,
            received_at timestamptz NOT NULL,
            due_at timestamptz NOT NULL,
            completed_at timestamptz
        );
        CREATE INDEX turns_pending ON turns (conversation_id, received_at) WHERE state IN ('pending', 'replying');
        CREATE INDEX turns_stalled ON turns (due_at) WHERE state IN ('pending', 'replying');

        -- The timeline Admin shows per inbound message: received, buffered, rule_matched, credit_*,
        -- generated, sent, delivered, read, failed, no_reply... with details as JSON.
        CREATE TABLE turn_events (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            turn_id text NOT NULL REFERENCES turns (id),
            at timestamptz NOT NULL,
            kind text NOT NULL,
            detail text,
            data jsonb
        );
        CREATE INDEX turn_events_turn ON turn_events (turn_id, id);
        """;

    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(LegacyBaseline.Sql("agent", "0001_conversations", Script));

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
        DROP TABLE IF EXISTS agent.turn_events CASCADE;
        DROP TABLE IF EXISTS agent.turns CASCADE;
        DROP TABLE IF EXISTS agent.messages CASCADE;
        DROP TABLE IF EXISTS agent.conversations CASCADE;
        DROP TABLE IF EXISTS agent.contacts CASCADE;
        """);
}
