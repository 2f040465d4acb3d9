using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Sandbox.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "sandbox");

            migrationBuilder.CreateTable(
                name: "calls",
                schema: "sandbox",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    provider = table.Column<string>(type: "text", nullable: false),
                    direction = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    method = table.Column<string>(type: "text", nullable: false),
                    url = table.Column<string>(type: "text", nullable: false),
                    business_number = table.Column<string>(type: "text", nullable: true),
                    customer_number = table.Column<string>(type: "text", nullable: true),
                    message_id = table.Column<string>(type: "text", nullable: true),
                    auth = table.Column<string>(type: "text", nullable: false),
                    request_body = table.Column<string>(type: "text", nullable: true),
                    response_status = table.Column<int>(type: "integer", nullable: false),
                    response_body = table.Column<string>(type: "text", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    user_agent = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_calls", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "conversations",
                schema: "sandbox",
                columns: table => new
                {
                    provider = table.Column<string>(type: "text", nullable: false),
                    business = table.Column<string>(type: "text", nullable: false),
                    customer = table.Column<string>(type: "text", nullable: false),
                    last_inbound_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_conversations", x => new { x.provider, x.business, x.customer });
                });

            migrationBuilder.CreateTable(
                name: "faults",
                schema: "sandbox",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    provider = table.Column<string>(type: "text", nullable: false),
                    business = table.Column<string>(type: "text", nullable: false),
                    code = table.Column<int>(type: "integer", nullable: false),
                    late = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_faults", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "media",
                schema: "sandbox",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    owner = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    mime_type = table.Column<string>(type: "text", nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<byte[]>(type: "bytea", nullable: false),
                    file_name = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_media", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "messages",
                schema: "sandbox",
                columns: table => new
                {
                    message_id = table.Column<string>(type: "text", nullable: false),
                    provider = table.Column<string>(type: "text", nullable: false),
                    business = table.Column<string>(type: "text", nullable: false),
                    customer = table.Column<string>(type: "text", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    from_party = table.Column<string>(type: "text", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    options = table.Column<string>(type: "jsonb", nullable: false),
                    media_url = table.Column<string>(type: "text", nullable: true),
                    reply_to = table.Column<string>(type: "text", nullable: true),
                    reply_to_preview = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_messages", x => x.message_id);
                });

            migrationBuilder.CreateTable(
                name: "meta_numbers",
                schema: "sandbox",
                columns: table => new
                {
                    phone_number_id = table.Column<string>(type: "text", nullable: false),
                    display_phone_number = table.Column<string>(type: "text", nullable: false),
                    verified_name = table.Column<string>(type: "text", nullable: false),
                    business_account_id = table.Column<string>(type: "text", nullable: false),
                    access_token = table.Column<string>(type: "text", nullable: false),
                    app_secret = table.Column<string>(type: "text", nullable: false),
                    webhook_url = table.Column<string>(type: "text", nullable: false),
                    position = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meta_numbers", x => x.phone_number_id);
                });

            migrationBuilder.CreateTable(
                name: "meta_templates",
                schema: "sandbox",
                columns: table => new
                {
                    business_account_id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    language = table.Column<string>(type: "text", nullable: false),
                    category = table.Column<string>(type: "text", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meta_templates", x => new { x.business_account_id, x.name, x.language });
                });

            migrationBuilder.CreateTable(
                name: "twilio_accounts",
                schema: "sandbox",
                columns: table => new
                {
                    account_sid = table.Column<string>(type: "text", nullable: false),
                    auth_token = table.Column<string>(type: "text", nullable: false),
                    friendly_name = table.Column<string>(type: "text", nullable: false),
                    whatsapp_numbers = table.Column<List<string>>(type: "text[]", nullable: false),
                    webhook_url = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    position = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_twilio_accounts", x => x.account_sid);
                });

            migrationBuilder.CreateTable(
                name: "twilio_contents",
                schema: "sandbox",
                columns: table => new
                {
                    content_sid = table.Column<string>(type: "text", nullable: false),
                    account_sid = table.Column<string>(type: "text", nullable: false),
                    friendly_name = table.Column<string>(type: "text", nullable: false),
                    language = table.Column<string>(type: "text", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_twilio_contents", x => x.content_sid);
                });

            migrationBuilder.CreateIndex(
                name: "IX_messages_provider_business_customer",
                schema: "sandbox",
                table: "messages",
                columns: new[] { "provider", "business", "customer" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "calls",
                schema: "sandbox");

            migrationBuilder.DropTable(
                name: "conversations",
                schema: "sandbox");

            migrationBuilder.DropTable(
                name: "faults",
                schema: "sandbox");

            migrationBuilder.DropTable(
                name: "media",
                schema: "sandbox");

            migrationBuilder.DropTable(
                name: "messages",
                schema: "sandbox");

            migrationBuilder.DropTable(
                name: "meta_numbers",
                schema: "sandbox");

            migrationBuilder.DropTable(
                name: "meta_templates",
                schema: "sandbox");

            migrationBuilder.DropTable(
                name: "twilio_accounts",
                schema: "sandbox");

            migrationBuilder.DropTable(
                name: "twilio_contents",
                schema: "sandbox");
        }
    }
}
