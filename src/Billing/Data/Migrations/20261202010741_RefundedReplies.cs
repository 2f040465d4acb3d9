using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Billing.Data.Migrations
{
    /// <summary>
    /// Refunds: a reply that was sent and then reported failed for good gives its turn's credit
    /// back with a <c>refund</c> entry, and its reservation ends <c>refunded</c>. The model does not
    /// describe the checks (the baseline's SQL does), so this migration is SQL only.
    /// </summary>
    public partial class RefundedReplies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The baseline's checks are unnamed; these are the names PostgreSQL gave them.
            migrationBuilder.Sql("""
                ALTER TABLE billing.ledger_entries
                    DROP CONSTRAINT ledger_entries_kind_check,
                    ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN ('grant', 'reserve', 'commit', 'release', 'expire', 'adjustment', 'refund')),
                    DROP CONSTRAINT ledger_entries_check,
                    ADD CONSTRAINT ledger_entries_check CHECK ((kind IN ('reserve', 'commit', 'release', 'expire', 'refund')) = (turn_id IS NOT NULL));
                ALTER TABLE billing.reservations
                    DROP CONSTRAINT reservations_state_check,
                    ADD CONSTRAINT reservations_state_check CHECK (state IN ('reserved', 'committed', 'released', 'expired', 'refunded'));
                -- The database itself refuses a second refund of a turn.
                CREATE UNIQUE INDEX ledger_entries_refund_once ON billing.ledger_entries (turn_id) WHERE kind = 'refund';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The ledger is append-only: with refunds recorded the old checks cannot return, and
            // this fails rather than rewrite history.
            migrationBuilder.Sql("""
                DROP INDEX billing.ledger_entries_refund_once;
                ALTER TABLE billing.reservations
                    DROP CONSTRAINT reservations_state_check,
                    ADD CONSTRAINT reservations_state_check CHECK (state IN ('reserved', 'committed', 'released', 'expired'));
                ALTER TABLE billing.ledger_entries
                    DROP CONSTRAINT ledger_entries_check,
                    ADD CONSTRAINT ledger_entries_check CHECK ((kind IN ('reserve', 'commit', 'release', 'expire')) = (turn_id IS NOT NULL)),
                    DROP CONSTRAINT ledger_entries_kind_check,
                    ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN ('grant', 'reserve', 'commit', 'release', 'expire', 'adjustment'));
                """);
        }
    }
}
