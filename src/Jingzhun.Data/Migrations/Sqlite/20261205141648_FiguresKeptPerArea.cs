using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jingzhun.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FiguresKeptPerArea : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AssistanceTallies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RefreshedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Figures = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssistanceTallies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IncomeTrends",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Limits = table.Column<string>(type: "TEXT", nullable: false),
                    RefreshedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Figures = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncomeTrends", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StaleKeptCounties",
                columns: table => new
                {
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    MarkedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaleKeptCounties", x => x.CountyCode);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AssistanceTallies_On_Level_RegionCode",
                table: "AssistanceTallies",
                columns: new[] { "On", "Level", "RegionCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IncomeTrends_Level_RegionCode",
                table: "IncomeTrends",
                columns: new[] { "Level", "RegionCode" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AssistanceTallies");

            migrationBuilder.DropTable(
                name: "IncomeTrends");

            migrationBuilder.DropTable(
                name: "StaleKeptCounties");
        }
    }
}
