using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jingzhun.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    NotPoorHouseholds = table.Column<int>(type: "INTEGER", nullable: false),
                    PoorHouseholds = table.Column<int>(type: "INTEGER", nullable: false),
                    ExitedHouseholds = table.Column<int>(type: "INTEGER", nullable: false),
                    ReturnedHouseholds = table.Column<int>(type: "INTEGER", nullable: false),
                    MonitoredHouseholds = table.Column<int>(type: "INTEGER", nullable: false),
                    RemovedHouseholds = table.Column<int>(type: "INTEGER", nullable: false),
                    NotPoorPeople = table.Column<int>(type: "INTEGER", nullable: false),
                    PoorPeople = table.Column<int>(type: "INTEGER", nullable: false),
                    ExitedPeople = table.Column<int>(type: "INTEGER", nullable: false),
                    ReturnedPeople = table.Column<int>(type: "INTEGER", nullable: false),
                    MonitoredPeople = table.Column<int>(type: "INTEGER", nullable: false),
                    RemovedPeople = table.Column<int>(type: "INTEGER", nullable: false),
                    RuralPopulation = table.Column<int>(type: "INTEGER", nullable: false),
                    ExitedInYearHouseholds = table.Column<int>(type: "INTEGER", nullable: false),
                    ExitedInYearPeople = table.Column<int>(type: "INTEGER", nullable: false),
                    ReturnedInYearHouseholds = table.Column<int>(type: "INTEGER", nullable: false),
                    ReturnedInYearPeople = table.Column<int>(type: "INTEGER", nullable: false),
                    RefreshedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Aggregates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Breakdowns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Dimension = table.Column<int>(type: "INTEGER", nullable: false),
                    Value = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Households = table.Column<int>(type: "INTEGER", nullable: false),
                    People = table.Column<int>(type: "INTEGER", nullable: false)
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
