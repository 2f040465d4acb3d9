using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Messaging.ServiceDefaults.Tests.Widgets.Migrations
{
    /// <inheritdoc />
    public partial class WidgetColour : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "colour",
                schema: "widgets",
                table: "widgets",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "colour",
                schema: "widgets",
                table: "widgets");
        }
    }
}
