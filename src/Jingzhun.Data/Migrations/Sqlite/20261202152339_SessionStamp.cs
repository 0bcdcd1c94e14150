using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jingzhun.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: false,
                defaultValue: "");
            // Every existing account gets its own random stamp (sessions from before the upgrade sign in again).
            migrationBuilder.Sql("UPDATE \"Accounts\" SET \"SessionStamp\" = lower(hex(randomblob(16)));");
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
