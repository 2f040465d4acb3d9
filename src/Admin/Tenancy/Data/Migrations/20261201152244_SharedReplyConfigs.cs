using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Admin.Tenancy.Data.Migrations;

/// <summary>
/// A reply configuration becomes an entity of its workspace that several channels can use
/// (<c>channels.reply_config_id</c>). Each existing per-channel configuration becomes one
/// configuration under the same id, named after its channel and still used by it, with its rules
/// and their saved embeddings untouched: nothing is lost and no reply changes. Written by hand:
/// the baseline's constraints carry PostgreSQL's names, not EF's, and the data must follow.
/// </summary>
public partial class SharedReplyConfigs : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
            -- A configuration no longer dies with one of the channels that use it.
            ALTER TABLE tenancy.reply_configs DROP CONSTRAINT reply_configs_channel_id_fkey;
            ALTER TABLE tenancy.reply_configs RENAME COLUMN channel_id TO id;
            ALTER TABLE tenancy.reply_configs ADD COLUMN name text NOT NULL DEFAULT '';
            UPDATE tenancy.reply_configs c SET name = ch.name FROM tenancy.channels ch WHERE ch.id = c.id;
            ALTER TABLE tenancy.reply_configs ALTER COLUMN name DROP DEFAULT;
            CREATE INDEX "IX_reply_configs_workspace_id" ON tenancy.reply_configs (workspace_id);

            ALTER TABLE tenancy.reply_rules RENAME COLUMN channel_id TO config_id;
            ALTER INDEX tenancy.reply_rules_channel RENAME TO reply_rules_config;

            ALTER TABLE tenancy.channels ADD COLUMN reply_config_id uuid
                CONSTRAINT "FK_channels_reply_configs_reply_config_id" REFERENCES tenancy.reply_configs (id) ON DELETE SET NULL;
            UPDATE tenancy.channels ch SET reply_config_id = ch.id WHERE EXISTS (SELECT 1 FROM tenancy.reply_configs c WHERE c.id = ch.id);
            CREATE INDEX "IX_channels_reply_config_id" ON tenancy.channels (reply_config_id);
            """);

    /// <summary>Back to one configuration per channel: each channel gets a copy of the one it used, under its own id; unused ones are dropped.</summary>
    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
            CREATE TEMP TABLE used_configs ON COMMIT DROP AS
                SELECT ch.id AS channel_id, c.workspace_id, c.enabled, c.wait_seconds, c.version, c.updated_at, c.id AS config_id
                FROM tenancy.channels ch JOIN tenancy.reply_configs c ON c.id = ch.reply_config_id;
            CREATE TEMP TABLE used_rules ON COMMIT DROP AS
                SELECT u.channel_id, r.position, r.rule_id, r.label, r.is_default, r.matcher_kind, r.keywords, r.keyword_mode,
                       r.intent_description, r.threshold, r.embedding, r.embedding_model, r.response_kind, r.response_text
                FROM used_configs u JOIN tenancy.reply_rules r ON r.config_id = u.config_id;
            DROP INDEX tenancy."IX_channels_reply_config_id";
            ALTER TABLE tenancy.channels DROP COLUMN reply_config_id;
            DELETE FROM tenancy.reply_configs;

            DROP INDEX tenancy."IX_reply_configs_workspace_id";
            ALTER TABLE tenancy.reply_configs DROP COLUMN name;
            ALTER TABLE tenancy.reply_configs RENAME COLUMN id TO channel_id;
            ALTER TABLE tenancy.reply_configs ADD CONSTRAINT reply_configs_channel_id_fkey FOREIGN KEY (channel_id) REFERENCES tenancy.channels (id) ON DELETE CASCADE;
            ALTER TABLE tenancy.reply_rules RENAME COLUMN config_id TO channel_id;
            ALTER INDEX tenancy.reply_rules_config RENAME TO reply_rules_channel;

            INSERT INTO tenancy.reply_configs (channel_id, workspace_id, enabled, wait_seconds, version, updated_at)
                SELECT channel_id, workspace_id, enabled, wait_seconds, version, updated_at FROM used_configs;
            INSERT INTO tenancy.reply_rules (id, channel_id, position, rule_id, label, is_default, matcher_kind, keywords, keyword_mode,
                                             intent_description, threshold, embedding, embedding_model, response_kind, response_text)
                SELECT gen_random_uuid(), channel_id, position, rule_id, label, is_default, matcher_kind, keywords, keyword_mode,
                       intent_description, threshold, embedding, embedding_model, response_kind, response_text FROM used_rules;
            """);
}
