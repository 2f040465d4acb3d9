using Messaging.ServiceDefaults.Database;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Admin.Tenancy.Data.Migrations;

/// <summary>
/// The schema as the former SQL migrator created it (0001_tenancy.sql, kept verbatim: the checks,
/// partial indexes and defaults the model does not describe). On a database that
/// migrator already brought to 0001_tenancy it only records itself.
/// </summary>
public partial class Baseline : Migration
{
    const string Script = """
        -- Tenant configuration owned by Admin, read by Ingest and Agent.
        -- Every row that the API updates carries a version for optimistic concurrency.

        CREATE TABLE workspaces (
            id uuid PRIMARY KEY,
            name text NOT NULL,
            slug text NOT NULL UNIQUE,
            time_zone text NOT NULL,
            business_hours jsonb NOT NULL DEFAULT '[]',
            retention_mode text NOT NULL DEFAULT 'full' CHECK (retention_mode IN ('full', 'metadata')),
            retention_days integer NOT NULL DEFAULT 365 CHECK (retention_days BETWEEN 1 AND 3650),
            low_credit_threshold bigint CHECK (low_credit_threshold >= 0),
            version bigint NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );

        CREATE TABLE channels (
            id uuid PRIMARY KEY,
            workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
            name text NOT NULL,
            provider text NOT NULL CHECK (provider IN ('meta', 'twilio')),
            base_url text,
            enabled boolean NOT NULL,
            allowlist text[] NOT NULL DEFAULT '{}',
            meta_phone_number_id text,
            meta_display_phone_number text,
            meta_waba_id text,
            meta_graph_api_version text,
            meta_verify_token text,
            meta_access_token_protected text,
            meta_access_token_hint text,
            meta_app_secret_protected text,
            meta_app_secret_hint text,
            twilio_account_sid text,
            twilio_number text,
            twilio_auth_token_protected text,
            twilio_auth_token_hint text,
            health_status text NOT NULL DEFAULT 'unknown',
            health_error text,
            health_checked_at timestamptz,
            version bigint NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            CHECK (provider <> 'meta' OR (meta_phone_number_id IS NOT NULL AND meta_access_token_protected IS NOT NULL AND meta_app_secret_protected IS NOT NULL)),
            CHECK (provider <> 'twilio' OR (twilio_account_sid IS NOT NULL AND twilio_number IS NOT NULL AND twilio_auth_token_protected IS NOT NULL))
        );
        CREATE INDEX channels_workspace ON channels (workspace_id);
        -- One provider number belongs to one channel: webhooks are routed by it.
        CREATE UNIQUE INDEX channels_meta_phone_number_id ON channels (meta_phone_number_id) WHERE meta_phone_number_id IS NOT NULL;
        CREATE UNIQUE INDEX channels_twilio_number ON channels (twilio_number) WHERE twilio_number IS NOT NULL;

        CREATE TABLE reply_configs (
            channel_id uuid PRIMARY KEY REFERENCES channels (id) ON DELETE CASCADE,
            workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
            enabled boolean NOT NULL,
            wait_seconds integer NOT NULL CHECK (wait_seconds BETWEEN 0 AND 30),
            version bigint NOT NULL,
            updated_at timestamptz NOT NULL
        );

        -- The ordered rules of a reply config; the default rule is the row with is_default.
        -- A rule list is replaced as a whole, under the reply config's version.
        CREATE TABLE reply_rules (
            id uuid PRIMARY KEY,
            channel_id uuid NOT NULL REFERENCES reply_configs (channel_id) ON DELETE CASCADE,
            position integer NOT NULL,
            rule_id text NOT NULL,
            label text NOT NULL,
            is_default boolean NOT NULL,
            matcher_kind text CHECK (matcher_kind IN ('keyword', 'semantic')),
            keywords text[],
            keyword_mode text CHECK (keyword_mode IN ('whole_word', 'substring')),
            intent_description text,
            threshold double precision CHECK (threshold BETWEEN 0 AND 1),
            embedding real[],
            embedding_model text,
            response_kind text NOT NULL CHECK (response_kind IN ('canned', 'ai')),
            response_text text NOT NULL,
            CHECK (is_default = (matcher_kind IS NULL)),
            CHECK (matcher_kind IS DISTINCT FROM 'semantic' OR (intent_description IS NOT NULL AND threshold IS NOT NULL AND embedding IS NOT NULL))
        );
        CREATE INDEX reply_rules_channel ON reply_rules (channel_id, position);

        CREATE TABLE personas (
            workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
            prompt text NOT NULL,
            safety_status text NOT NULL CHECK (safety_status IN ('pending', 'approved', 'rejected')),
            safety_reason text,
            version bigint NOT NULL,
            updated_at timestamptz NOT NULL
        );

        CREATE TABLE knowledge_entries (
            id uuid PRIMARY KEY,
            workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
            title text NOT NULL,
            content text NOT NULL,
            tags text[] NOT NULL DEFAULT '{}',
            version bigint NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE INDEX knowledge_entries_workspace ON knowledge_entries (workspace_id);

        CREATE TABLE templates (
            id uuid PRIMARY KEY,
            workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
            name text NOT NULL,
            language text NOT NULL,
            category text NOT NULL CHECK (category IN ('marketing', 'utility', 'authentication')),
            body text NOT NULL,
            status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
            twilio_content_sid text,
            version bigint NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            UNIQUE (workspace_id, name, language)
        );

        CREATE TABLE ai_settings (
            workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
            mode text NOT NULL CHECK (mode IN ('offline', 'open_ai')),
            endpoint text,
            chat_model text,
            embedding_model text,
            api_key_protected text,
            api_key_hint text,
            version bigint NOT NULL,
            updated_at timestamptz NOT NULL
        );

        -- tenancy:changed events written in the transaction of the change, relayed to Redis after commit.
        CREATE TABLE outbox (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            workspace_id uuid NOT NULL,
            entity text NOT NULL,
            entity_id text NOT NULL,
            channel_id uuid,
            revision bigint NOT NULL,
            occurred_at timestamptz NOT NULL
        );

        -- The ASP.NET Core Data Protection key ring shared by Admin, Ingest and Agent.
        CREATE TABLE data_protection_keys (
            id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            friendly_name text NOT NULL UNIQUE,
            xml text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        """;

    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(LegacyBaseline.Sql("tenancy", "0001_tenancy", Script));

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
        DROP TABLE IF EXISTS tenancy.data_protection_keys CASCADE;
        DROP TABLE IF EXISTS tenancy.outbox CASCADE;
        DROP TABLE IF EXISTS tenancy.ai_settings CASCADE;
        DROP TABLE IF EXISTS tenancy.templates CASCADE;
        DROP TABLE IF EXISTS tenancy.knowledge_entries CASCADE;
        DROP TABLE IF EXISTS tenancy.personas CASCADE;
        DROP TABLE IF EXISTS tenancy.reply_rules CASCADE;
        DROP TABLE IF EXISTS tenancy.reply_configs CASCADE;
        DROP TABLE IF EXISTS tenancy.channels CASCADE;
        DROP TABLE IF EXISTS tenancy.workspaces CASCADE;
        """);
}
