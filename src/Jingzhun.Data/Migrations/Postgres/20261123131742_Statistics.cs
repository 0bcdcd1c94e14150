using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Jingzhun.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Statistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Aggregates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RegionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    NotPoorHouseholds = table.Column<int>(type: "integer", nullable: false),
                    PoorHouseholds = table.Column<int>(type: "integer", nullable: false),
                    ExitedHouseholds = table.Column<int>(type: "integer", nullable: false),
                    ReturnedHouseholds = table.Column<int>(type: "integer", nullable: false),
                    MonitoredHouseholds = table.Column<int>(type: "integer", nullable: false),
                    RemovedHouseholds = table.Column<int>(type: "integer", nullable: false),
                    NotPoorPeople = table.Column<int>(type: "integer", nullable: false),
                    PoorPeople = table.Column<int>(type: "integer", nullable: false),
                    ExitedPeople = table.Column<int>(type: "integer", nullable: false),
                    ReturnedPeople = table.Column<int>(type: "integer", nullable: false),
                    MonitoredPeople = table.Column<int>(type: "integer", nullable: false),
                    RemovedPeople = table.Column<int>(type: "integer", nullable: false),
                    RuralPopulation = table.Column<int>(type: "integer", nullable: false),
                    ExitedInYearHouseholds = table.Column<int>(type: "integer", nullable: false),
                    ExitedInYearPeople = table.Column<int>(type: "integer", nullable: false),
                    ReturnedInYearHouseholds = table.Column<int>(type: "integer", nullable: false),
                    ReturnedInYearPeople = table.Column<int>(type: "integer", nullable: false),
                    RefreshedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Aggregates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Breakdowns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RegionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Dimension = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Households = table.Column<int>(type: "integer", nullable: false),
                    People = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Breakdowns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Aggregates_Year_RegionCode",
                table: "Aggregates",
                columns: new[] { "Year", "RegionCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Breakdowns_Year_RegionCode_Dimension_Value_Status",
                table: "Breakdowns",
                columns: new[] { "Year", "RegionCode", "Dimension", "Value", "Status" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Aggregates");

            migrationBuilder.DropTable(
                name: "Breakdowns");
        }
    }
}
