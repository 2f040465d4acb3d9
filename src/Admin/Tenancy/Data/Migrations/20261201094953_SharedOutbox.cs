using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Admin.Tenancy.Data.Migrations;

/// <summary>
/// tenancy.outbox takes the shape of the shared relay (Messaging.Outbox): each pending change
/// becomes the TenancyChanged event the former relay would have published (enum by name, as the
/// outbox writes it), so nothing waiting at the upgrade is lost. Written by hand: the generated
/// renames would have turned workspace ids into event ids.
/// </summary>
public partial class SharedOutbox : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
            ALTER TABLE tenancy.outbox
                ADD COLUMN event_id uuid,
                ADD COLUMN stream text,
                ADD COLUMN event_type text,
                ADD COLUMN payload jsonb,
                ADD COLUMN created_at timestamptz,
                ADD COLUMN sent_at timestamptz,
                ADD COLUMN attempts integer NOT NULL DEFAULT 0,
                ADD COLUMN last_error text;
            UPDATE tenancy.outbox SET
                event_id = gen_random_uuid(),
                stream = 'tenancy:changed',
                event_type = 'TenancyChanged',
                created_at = occurred_at,
                -- 'reply_config' -> 'ReplyConfig': the TenancyEntity member the code stood for.
                payload = jsonb_build_object(
                    'workspaceId', workspace_id::text,
                    'entity', replace(initcap(replace(entity, '_', ' ')), ' ', ''),
                    'entityId', entity_id,
                    'channelId', channel_id::text,
                    'revision', revision,
                    'occurredAt', occurred_at);
            ALTER TABLE tenancy.outbox
                ALTER COLUMN event_id SET NOT NULL,
                ALTER COLUMN stream SET NOT NULL,
                ALTER COLUMN event_type SET NOT NULL,
                ALTER COLUMN payload SET NOT NULL,
                ALTER COLUMN created_at SET NOT NULL,
                ADD CONSTRAINT outbox_event_id_key UNIQUE (event_id),
                DROP COLUMN workspace_id,
                DROP COLUMN entity,
                DROP COLUMN entity_id,
                DROP COLUMN channel_id,
                DROP COLUMN revision,
                DROP COLUMN occurred_at;
            CREATE INDEX outbox_unsent ON tenancy.outbox (id) WHERE sent_at IS NULL;
            """);

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
            DELETE FROM tenancy.outbox WHERE sent_at IS NOT NULL OR event_type <> 'TenancyChanged';
            DROP INDEX tenancy.outbox_unsent;
            ALTER TABLE tenancy.outbox
                ADD COLUMN workspace_id uuid,
                ADD COLUMN entity text,
                ADD COLUMN entity_id text,
                ADD COLUMN channel_id uuid,
                ADD COLUMN revision bigint,
                ADD COLUMN occurred_at timestamptz;
            UPDATE tenancy.outbox SET
                workspace_id = (payload ->> 'workspaceId')::uuid,
                entity = lower(regexp_replace(payload ->> 'entity', '([a-z])([A-Z])', '\1_\2', 'g')),
                entity_id = payload ->> 'entityId',
                channel_id = (payload ->> 'channelId')::uuid,
                revision = (payload ->> 'revision')::bigint,
                occurred_at = (payload ->> 'occurredAt')::timestamptz;
            ALTER TABLE tenancy.outbox
                ALTER COLUMN workspace_id SET NOT NULL,
                ALTER COLUMN entity SET NOT NULL,
                ALTER COLUMN entity_id SET NOT NULL,
                ALTER COLUMN revision SET NOT NULL,
                ALTER COLUMN occurred_at SET NOT NULL,
                DROP COLUMN event_id,
                DROP COLUMN stream,
                DROP COLUMN event_type,
                DROP COLUMN payload,
                DROP COLUMN created_at,
                DROP COLUMN sent_at,
                DROP COLUMN attempts,
                DROP COLUMN last_error;
            """);
}
