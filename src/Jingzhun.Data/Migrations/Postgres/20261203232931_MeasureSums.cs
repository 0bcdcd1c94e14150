using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Jingzhun.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RegionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    RuleSet = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Line = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    Households = table.Column<int>(type: "integer", nullable: false),
                    Population = table.Column<double>(type: "double precision", nullable: false),
                    PoorPopulation = table.Column<double>(type: "double precision", nullable: false),
                    GapSum = table.Column<double>(type: "double precision", nullable: false),
                    SeveritySum = table.Column<double>(type: "double precision", nullable: false),
                    WattsSum = table.Column<double>(type: "double precision", nullable: false),
                    WattsPopulation = table.Column<double>(type: "double precision", nullable: false),
                    WattsExcluded = table.Column<double>(type: "double precision", nullable: false),
                    GuaranteePopulation = table.Column<double>(type: "double precision", nullable: false),
                    GuaranteePoor = table.Column<double>(type: "double precision", nullable: false),
                    CensoredScoreSum = table.Column<double>(type: "double precision", nullable: false),
                    FoodDeprived = table.Column<double>(type: "double precision", nullable: false),
                    EducationDeprived = table.Column<double>(type: "double precision", nullable: false),
                    MedicalDeprived = table.Column<double>(type: "double precision", nullable: false),
                    HousingDeprived = table.Column<double>(type: "double precision", nullable: false),
                    WaterDeprived = table.Column<double>(type: "double precision", nullable: false),
                    FoodDeprivedPoor = table.Column<double>(type: "double precision", nullable: false),
                    EducationDeprivedPoor = table.Column<double>(type: "double precision", nullable: false),
                    MedicalDeprivedPoor = table.Column<double>(type: "double precision", nullable: false),
                    HousingDeprivedPoor = table.Column<double>(type: "double precision", nullable: false),
                    WaterDeprivedPoor = table.Column<double>(type: "double precision", nullable: false),
                    RefreshedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
