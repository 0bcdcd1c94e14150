using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Jingzhun.Data.Migrations.Postgres
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
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Source",
                table: "StatusChanges",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "PoorSinceYear",
                table: "Regions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UrbanRuralClass",
                table: "Regions",
                type: "character varying(3)",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Phone",
                table: "Accounts",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "RegionChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    EffectiveDate = table.Column<DateOnly>(type: "date", nullable: false),
                    FromCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    FromName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ToCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    ToName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    HouseholdsMoved = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Actor = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegionChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RegionPopulations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RegionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    RuralPopulation = table.Column<int>(type: "integer", nullable: false)
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
