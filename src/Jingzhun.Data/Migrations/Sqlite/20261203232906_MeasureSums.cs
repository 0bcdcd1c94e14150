using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jingzhun.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MeasureSums : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MeasureSums",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    RuleSet = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Line = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Households = table.Column<int>(type: "INTEGER", nullable: false),
                    Population = table.Column<double>(type: "REAL", nullable: false),
                    PoorPopulation = table.Column<double>(type: "REAL", nullable: false),
                    GapSum = table.Column<double>(type: "REAL", nullable: false),
                    SeveritySum = table.Column<double>(type: "REAL", nullable: false),
                    WattsSum = table.Column<double>(type: "REAL", nullable: false),
                    WattsPopulation = table.Column<double>(type: "REAL", nullable: false),
                    WattsExcluded = table.Column<double>(type: "REAL", nullable: false),
                    GuaranteePopulation = table.Column<double>(type: "REAL", nullable: false),
                    GuaranteePoor = table.Column<double>(type: "REAL", nullable: false),
                    CensoredScoreSum = table.Column<double>(type: "REAL", nullable: false),
                    FoodDeprived = table.Column<double>(type: "REAL", nullable: false),
                    EducationDeprived = table.Column<double>(type: "REAL", nullable: false),
                    MedicalDeprived = table.Column<double>(type: "REAL", nullable: false),
                    HousingDeprived = table.Column<double>(type: "REAL", nullable: false),
                    WaterDeprived = table.Column<double>(type: "REAL", nullable: false),
                    FoodDeprivedPoor = table.Column<double>(type: "REAL", nullable: false),
                    EducationDeprivedPoor = table.Column<double>(type: "REAL", nullable: false),
                    MedicalDeprivedPoor = table.Column<double>(type: "REAL", nullable: false),
                    HousingDeprivedPoor = table.Column<double>(type: "REAL", nullable: false),
                    WaterDeprivedPoor = table.Column<double>(type: "REAL", nullable: false),
                    RefreshedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeasureSums", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MeasureSums_RegionCode_Year",
                table: "MeasureSums",
                columns: new[] { "RegionCode", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_MeasureSums_Year_RuleSet_Level_RegionCode",
                table: "MeasureSums",
                columns: new[] { "Year", "RuleSet", "Level", "RegionCode" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MeasureSums");
        }
    }
}
