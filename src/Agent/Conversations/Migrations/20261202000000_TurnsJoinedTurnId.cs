using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Conversations.Migrations
{
    /// <inheritdoc />
    public partial class TurnsJoinedTurnId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Each turn finds the turns joined into it (a burst run again after an outage, a re-run) without scanning the conversation.
            migrationBuilder.Sql("CREATE INDEX turns_joined_turn_id ON agent.turns (joined_turn_id) WHERE joined_turn_id IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX agent.turns_joined_turn_id;");
        }
    }
}
