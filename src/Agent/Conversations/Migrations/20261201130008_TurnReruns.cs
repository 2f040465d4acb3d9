using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Conversations.Migrations
{
    /// <inheritdoc />
    public partial class TurnReruns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "rerun_of",
                schema: "agent",
                table: "turns",
                type: "text",
                nullable: true);

            // A re-run is a second turn for the same inbound message; the message's own turn stays unique.
            migrationBuilder.Sql("""
                ALTER TABLE agent.turns DROP CONSTRAINT turns_inbound_message_id_key;
                CREATE UNIQUE INDEX turns_inbound_message_id_key ON agent.turns (inbound_message_id) WHERE rerun_of IS NULL;
                CREATE INDEX turns_rerun_inbound_message_id ON agent.turns (inbound_message_id) WHERE rerun_of IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DELETE FROM agent.turn_events WHERE turn_id IN (SELECT id FROM agent.turns WHERE rerun_of IS NOT NULL);
                DELETE FROM agent.turns WHERE rerun_of IS NOT NULL;
                DROP INDEX agent.turns_rerun_inbound_message_id;
                DROP INDEX agent.turns_inbound_message_id_key;
                ALTER TABLE agent.turns ADD CONSTRAINT turns_inbound_message_id_key UNIQUE (inbound_message_id);
                """);
            migrationBuilder.DropColumn(
                name: "rerun_of",
                schema: "agent",
                table: "turns");
        }
    }
}
