using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Agent.Conversations.Migrations
{
    /// <inheritdoc />
    public partial class LeadsOptOutUnansweredQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "handoff_offered_at",
                schema: "agent",
                table: "conversations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "unanswered_at",
                schema: "agent",
                table: "conversations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "unanswered_code",
                schema: "agent",
                table: "conversations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "unanswered_reason",
                schema: "agent",
                table: "conversations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "unanswered_turn_id",
                schema: "agent",
                table: "conversations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "opt_out_text",
                schema: "agent",
                table: "contacts",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "opted_out_at",
                schema: "agent",
                table: "contacts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "leads",
                schema: "agent",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    contact_id = table.Column<Guid>(type: "uuid", nullable: false),
                    conversation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    email = table.Column<string>(type: "text", nullable: false),
                    email_key = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: true),
                    interest = table.Column<string>(type: "text", nullable: true),
                    interest_key = table.Column<string>(type: "text", nullable: false),
                    turn_id = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_leads", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "workspace_policies",
                schema: "agent",
                columns: table => new
                {
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    fallback_message = table.Column<string>(type: "text", nullable: true),
                    languages = table.Column<string[]>(type: "text[]", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workspace_policies", x => x.workspace_id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_conversations_workspace_id_unanswered_at",
                schema: "agent",
                table: "conversations",
                columns: new[] { "workspace_id", "unanswered_at" },
                filter: "unanswered_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_leads_contact_id",
                schema: "agent",
                table: "leads",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "IX_leads_workspace_id_email_key_interest_key",
                schema: "agent",
                table: "leads",
                columns: new[] { "workspace_id", "email_key", "interest_key" },
                unique: true);

            // The one lead a contact could hold before becomes its first lead record.
            migrationBuilder.Sql("""
                INSERT INTO agent.leads (workspace_id, contact_id, conversation_id, email, email_key, name, interest, interest_key, created_at, updated_at)
                SELECT DISTINCT ON (c.workspace_id, lower(c.lead_email), lower(regexp_replace(btrim(coalesce(c.lead_interest, '')), '\s+', ' ', 'g')))
                    c.workspace_id, c.id, v.id, c.lead_email, lower(c.lead_email), c.lead_name, c.lead_interest,
                    lower(regexp_replace(btrim(coalesce(c.lead_interest, '')), '\s+', ' ', 'g')),
                    coalesce(c.lead_captured_at, c.created_at), coalesce(c.lead_captured_at, c.created_at)
                FROM agent.contacts c
                JOIN LATERAL (SELECT id FROM agent.conversations WHERE contact_id = c.id ORDER BY last_message_at DESC LIMIT 1) v ON true
                WHERE c.lead_email IS NOT NULL
                ORDER BY c.workspace_id, lower(c.lead_email), lower(regexp_replace(btrim(coalesce(c.lead_interest, '')), '\s+', ' ', 'g')), c.lead_captured_at DESC NULLS LAST
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "leads",
                schema: "agent");

            migrationBuilder.DropTable(
                name: "workspace_policies",
                schema: "agent");

            migrationBuilder.DropIndex(
                name: "IX_conversations_workspace_id_unanswered_at",
                schema: "agent",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "handoff_offered_at",
                schema: "agent",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "unanswered_at",
                schema: "agent",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "unanswered_code",
                schema: "agent",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "unanswered_reason",
                schema: "agent",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "unanswered_turn_id",
                schema: "agent",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "opt_out_text",
                schema: "agent",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "opted_out_at",
                schema: "agent",
                table: "contacts");
        }
    }
}
