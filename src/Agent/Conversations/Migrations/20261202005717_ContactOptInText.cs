using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Conversations.Migrations
{
    /// <inheritdoc />
    public partial class ContactOptInText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "opt_in_text",
                schema: "agent",
                table: "contacts",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "opt_in_text",
                schema: "agent",
                table: "contacts");
        }
    }
}
