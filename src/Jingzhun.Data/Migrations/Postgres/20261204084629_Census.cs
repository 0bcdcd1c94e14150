using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Jingzhun.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    CountyCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Households = table.Column<int>(type: "integer", nullable: false),
                    OpenedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CensusRounds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CensusRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoundId = table.Column<long>(type: "bigint", nullable: false),
                    HouseholdId = table.Column<long>(type: "bigint", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    VillageCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    CountyCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false, collation: "C"),
                    StatusAtOpening = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    SurveyedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SurveyedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EnteredBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EnteredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    TownshipBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TownshipAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CountyBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CountyAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CityBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CityAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ProvinceBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProvinceAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SentBackLevel = table.Column<int>(type: "integer", nullable: true),
                    SentBackBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SentBackAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SentBackReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    SendBacks = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
