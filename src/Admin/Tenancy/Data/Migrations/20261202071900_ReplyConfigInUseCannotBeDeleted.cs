using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Admin.Tenancy.Data.Migrations;

/// <summary>
/// A reply configuration a number answers with can no longer be deleted by the database either:
/// with ON DELETE SET NULL, a number linked to it while a delete's in-use check ran lost its
/// replies silently. NO ACTION refuses that delete (the API answers 409) and still lets a
/// workspace's cascade remove its channels and configurations together.
/// </summary>
public partial class ReplyConfigInUseCannotBeDeleted : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropForeignKey(name: "FK_channels_reply_configs_reply_config_id", schema: "tenancy", table: "channels");
        migrationBuilder.AddForeignKey(
            name: "FK_channels_reply_configs_reply_config_id", schema: "tenancy", table: "channels", column: "reply_config_id",
            principalSchema: "tenancy", principalTable: "reply_configs", principalColumn: "id");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropForeignKey(name: "FK_channels_reply_configs_reply_config_id", schema: "tenancy", table: "channels");
        migrationBuilder.AddForeignKey(
            name: "FK_channels_reply_configs_reply_config_id", schema: "tenancy", table: "channels", column: "reply_config_id",
            principalSchema: "tenancy", principalTable: "reply_configs", principalColumn: "id", onDelete: ReferentialAction.SetNull);
    }
}
