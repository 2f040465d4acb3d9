using Messaging.ServiceDefaults.Database;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Data.Migrations;

/// <summary>
/// The schema as the former SQL migrator created it (0001_ledger.sql, kept verbatim: the checks,
/// partial indexes, trigger and defaults the model does not describe). On a database that
/// migrator already brought to 0001_ledger it only records itself.
/// </summary>
public partial class Baseline : Migration
{
    const string Script = """
        -- One row per workspace; changed only in the same transaction as the ledger entry that explains it.
        CREATE TABLE balances (
            workspace_id        text PRIMARY KEY,
            available           bigint NOT NULL DEFAULT 0 CHECK (available >= 0),
            reserved            bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
            -- NULL: the configured default threshold applies.
            low_threshold       bigint CHECK (low_threshold >= 0),
            -- Set when CreditsLow / CreditsExhausted were raised; cleared when credits are added,
            -- so releases and re-reservations around the threshold do not flood billing:events.
            low_notified        boolean NOT NULL DEFAULT false,
            exhausted_notified  boolean NOT NULL DEFAULT false,
            updated_at          timestamptz NOT NULL
        );

        CREATE TABLE ledger_entries (
            id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            workspace_id     text NOT NULL REFERENCES balances (workspace_id),
            kind             text NOT NULL CHECK (kind IN ('grant', 'reserve', 'commit', 'release', 'expire', 'adjustment')),
            available_delta  bigint NOT NULL,
            reserved_delta   bigint NOT NULL,
            available_after  bigint NOT NULL,
            reserved_after   bigint NOT NULL,
            turn_id          text,
            idempotency_key  text,
            actor            text,
            reason           text,
            created_at       timestamptz NOT NULL,
            CHECK ((kind IN ('reserve', 'commit', 'release', 'expire')) = (turn_id IS NOT NULL)),
            CHECK ((kind IN ('grant', 'adjustment')) = (idempotency_key IS NOT NULL))
        );

        -- The database itself refuses a second reservation or a second settlement of a turn.
        CREATE UNIQUE INDEX ledger_entries_reserve_once ON ledger_entries (turn_id) WHERE kind = 'reserve';
        CREATE UNIQUE INDEX ledger_entries_settle_once ON ledger_entries (turn_id) WHERE kind IN ('commit', 'release', 'expire');
        CREATE UNIQUE INDEX ledger_entries_idempotency ON ledger_entries (workspace_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX ledger_entries_by_workspace ON ledger_entries (workspace_id, id);

        CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'billing.ledger_entries is append-only';
        END;
        $$;

        CREATE TRIGGER ledger_entries_append_only
            BEFORE UPDATE OR DELETE ON ledger_entries
            FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();

        CREATE TABLE reservations (
            turn_id       text PRIMARY KEY,
            workspace_id  text NOT NULL REFERENCES balances (workspace_id),
            credits       bigint NOT NULL CHECK (credits > 0),
            state         text NOT NULL CHECK (state IN ('reserved', 'committed', 'released', 'expired')),
            reserved_at   timestamptz NOT NULL,
            expires_at    timestamptz NOT NULL,
            settled_at    timestamptz
        );

        CREATE INDEX reservations_open_by_expiry ON reservations (expires_at) WHERE state = 'reserved';

        -- Events written with the ledger change that caused them, relayed to billing:events afterwards.
        CREATE TABLE outbox (
            id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            event_id     uuid NOT NULL UNIQUE,
            stream       text NOT NULL,
            event_type   text NOT NULL,
            payload      jsonb NOT NULL,
            created_at   timestamptz NOT NULL,
            sent_at      timestamptz,
            attempts     integer NOT NULL DEFAULT 0,
            last_error   text
        );

        CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
        """;

    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(LegacyBaseline.Sql("billing", "0001_ledger", Script));

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
        DROP TABLE IF EXISTS billing.outbox CASCADE;
        DROP TABLE IF EXISTS billing.reservations CASCADE;
        DROP TABLE IF EXISTS billing.ledger_entries CASCADE;
        DROP TABLE IF EXISTS billing.balances CASCADE;
        DROP FUNCTION IF EXISTS billing.ledger_entries_append_only();
        """);
}
