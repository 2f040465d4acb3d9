using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Admin.Tenancy.Data.Migrations
{
    /// <inheritdoc />
    public partial class HashedVerifyTokensAndPlatformApp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "meta_platform_app",
                schema: "tenancy",
                table: "channels",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<byte[]>(
                name: "meta_verify_token_hash",
                schema: "tenancy",
                table: "channels",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "meta_verify_token_salt",
                schema: "tenancy",
                table: "channels",
                type: "bytea",
                nullable: true);

            // Existing plain tokens are hashed in place, exactly as VerifyTokenHash does: a random
            // 16-byte salt (two random UUIDs' worth, cut to 16 bytes: no pgcrypto needed) and
            // SHA-256(salt || UTF-8 token); then the plain column goes. Owners keep their token.
            migrationBuilder.Sql("""
                UPDATE tenancy.channels
                SET meta_verify_token_salt = substring(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex') FROM 1 FOR 16)
                WHERE meta_verify_token IS NOT NULL;
                UPDATE tenancy.channels
                SET meta_verify_token_hash = sha256(meta_verify_token_salt || convert_to(meta_verify_token, 'UTF8'))
                WHERE meta_verify_token IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "meta_verify_token",
                schema: "tenancy",
                table: "channels");

            // A number of the platform Meta app stores no token or secret of its own.
            migrationBuilder.Sql("""
                ALTER TABLE tenancy.channels DROP CONSTRAINT IF EXISTS channels_check;
                ALTER TABLE tenancy.channels ADD CONSTRAINT channels_meta_credentials CHECK (provider <> 'meta' OR (meta_phone_number_id IS NOT NULL AND
                    (meta_platform_app OR (meta_access_token_protected IS NOT NULL AND meta_app_secret_protected IS NOT NULL))));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The plain tokens cannot come back from their hashes: owners set new ones after a downgrade.
            migrationBuilder.Sql("""
                DELETE FROM tenancy.channels WHERE meta_platform_app;
                ALTER TABLE tenancy.channels DROP CONSTRAINT channels_meta_credentials;
                ALTER TABLE tenancy.channels ADD CONSTRAINT channels_check CHECK (provider <> 'meta' OR (meta_phone_number_id IS NOT NULL AND meta_access_token_protected IS NOT NULL AND meta_app_secret_protected IS NOT NULL));
                """);

            migrationBuilder.DropColumn(
                name: "meta_platform_app",
                schema: "tenancy",
                table: "channels");

            migrationBuilder.DropColumn(
                name: "meta_verify_token_hash",
                schema: "tenancy",
                table: "channels");

            migrationBuilder.DropColumn(
                name: "meta_verify_token_salt",
                schema: "tenancy",
                table: "channels");

            migrationBuilder.AddColumn<string>(
                name: "meta_verify_token",
                schema: "tenancy",
                table: "channels",
                type: "text",
                nullable: true);
        }
    }
}
