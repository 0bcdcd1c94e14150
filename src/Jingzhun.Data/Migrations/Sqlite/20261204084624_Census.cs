using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jingzhun.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Census : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CensusRounds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Households = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CensusRounds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CensusRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoundId = table.Column<long>(type: "INTEGER", nullable: false),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    VillageCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    StatusAtOpening = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    SurveyedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SurveyedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EnteredBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EnteredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    TownshipBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TownshipAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CountyBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CountyAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CityBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CityAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ProvinceBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProvinceAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SentBackLevel = table.Column<int>(type: "INTEGER", nullable: true),
                    SentBackBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SentBackAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SentBackReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    SendBacks = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CensusRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CensusRecords_CensusRounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "CensusRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CensusRecords_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CensusRecords_HouseholdId",
                table: "CensusRecords",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_CensusRecords_RoundId_HouseholdId",
                table: "CensusRecords",
                columns: new[] { "RoundId", "HouseholdId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CensusRecords_Year_VillageCode_State",
                table: "CensusRecords",
                columns: new[] { "Year", "VillageCode", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_CensusRounds_CountyCode_Year",
                table: "CensusRounds",
                columns: new[] { "CountyCode", "Year" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CensusRecords");

            migrationBuilder.DropTable(
                name: "CensusRounds");
        }
    }
}
