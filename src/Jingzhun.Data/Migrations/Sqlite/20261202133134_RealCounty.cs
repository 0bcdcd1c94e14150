using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jingzhun.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RealCounty : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CaseId",
                table: "StatusChanges",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Source",
                table: "StatusChanges",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "PoorSinceYear",
                table: "Regions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UrbanRuralClass",
                table: "Regions",
                type: "TEXT",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Phone",
                table: "Accounts",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "RegionChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    EffectiveDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    FromCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    FromName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ToCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    ToName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    HouseholdsMoved = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegionChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RegionPopulations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    RuralPopulation = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegionPopulations", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StatusChanges_CaseId",
                table: "StatusChanges",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_RegionChanges_FromCode",
                table: "RegionChanges",
                column: "FromCode");

            migrationBuilder.CreateIndex(
                name: "IX_RegionChanges_ToCode",
                table: "RegionChanges",
                column: "ToCode");

            migrationBuilder.CreateIndex(
                name: "IX_RegionPopulations_RegionCode_Year",
                table: "RegionPopulations",
                columns: new[] { "RegionCode", "Year" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RegionChanges");

            migrationBuilder.DropTable(
                name: "RegionPopulations");

            migrationBuilder.DropIndex(
                name: "IX_StatusChanges_CaseId",
                table: "StatusChanges");

            migrationBuilder.DropColumn(
                name: "CaseId",
                table: "StatusChanges");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "StatusChanges");

            migrationBuilder.DropColumn(
                name: "PoorSinceYear",
                table: "Regions");

            migrationBuilder.DropColumn(
                name: "UrbanRuralClass",
                table: "Regions");

            migrationBuilder.DropColumn(
                name: "Phone",
                table: "Accounts");
        }
    }
}
