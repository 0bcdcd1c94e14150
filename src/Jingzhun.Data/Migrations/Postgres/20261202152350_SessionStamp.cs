using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jingzhun.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SessionStamp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SessionStamp",
                table: "Accounts",
                type: "text",
                nullable: false,
                defaultValue: "");
            // Every existing account gets its own random stamp (sessions from before the upgrade sign in again).
            migrationBuilder.Sql("UPDATE \"Accounts\" SET \"SessionStamp\" = replace(gen_random_uuid()::text, '-', '');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SessionStamp",
                table: "Accounts");
        }
    }
}
