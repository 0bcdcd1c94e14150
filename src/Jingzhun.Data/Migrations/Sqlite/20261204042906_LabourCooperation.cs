using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jingzhun.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LabourCooperation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LabourWorkers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    VillageCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Stage = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LabourWorkers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LabourWorkers_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LabourWorkers_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LabourPlacements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WorkerId = table.Column<long>(type: "INTEGER", nullable: false),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Stage = table.Column<int>(type: "INTEGER", nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Course = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TrainingUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Destination = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DestinationCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    DestinationProvince = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Employer = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Mode = table.Column<int>(type: "INTEGER", nullable: true),
                    MonthlyIncomeFen = table.Column<long>(type: "INTEGER", nullable: false),
                    PairingId = table.Column<long>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LabourPlacements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LabourPlacements_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LabourPlacements_LabourWorkers_WorkerId",
                        column: x => x.WorkerId,
                        principalTable: "LabourWorkers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LabourPlacements_CountyCode_Stage_On",
                table: "LabourPlacements",
                columns: new[] { "CountyCode", "Stage", "On" });

            migrationBuilder.CreateIndex(
                name: "IX_LabourPlacements_DestinationCode",
                table: "LabourPlacements",
                column: "DestinationCode");

            migrationBuilder.CreateIndex(
                name: "IX_LabourPlacements_HouseholdId",
                table: "LabourPlacements",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_LabourPlacements_PairingId",
                table: "LabourPlacements",
                column: "PairingId");

            migrationBuilder.CreateIndex(
                name: "IX_LabourPlacements_WorkerId_On",
                table: "LabourPlacements",
                columns: new[] { "WorkerId", "On" });

            migrationBuilder.CreateIndex(
                name: "IX_LabourWorkers_CountyCode_Stage",
                table: "LabourWorkers",
                columns: new[] { "CountyCode", "Stage" });

            migrationBuilder.CreateIndex(
                name: "IX_LabourWorkers_HouseholdId",
                table: "LabourWorkers",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_LabourWorkers_MemberId",
                table: "LabourWorkers",
                column: "MemberId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LabourPlacements");

            migrationBuilder.DropTable(
                name: "LabourWorkers");
        }
    }
}
