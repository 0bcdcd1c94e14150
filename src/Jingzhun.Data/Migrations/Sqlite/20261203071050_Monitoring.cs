using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jingzhun.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Monitoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DataConsents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: false),
                    VillageCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    GivenOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Document = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WithdrawnAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WithdrawnBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataConsents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DataConsents_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DepartmentFeeds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    ImportedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    Matched = table.Column<int>(type: "INTEGER", nullable: false),
                    Signals = table.Column<int>(type: "INTEGER", nullable: false),
                    Skipped = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DepartmentFeeds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HomeVisits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: false),
                    VillageCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    VisitedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    VisitedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ExpectedIncomePerCapitaFen = table.Column<long>(type: "INTEGER", nullable: true),
                    MedicalExpensesFen = table.Column<long>(type: "INTEGER", nullable: true),
                    DisasterLossFen = table.Column<long>(type: "INTEGER", nullable: true),
                    NewDisability = table.Column<bool>(type: "INTEGER", nullable: false),
                    OnDibao = table.Column<bool>(type: "INTEGER", nullable: false),
                    Unemployed = table.Column<bool>(type: "INTEGER", nullable: false),
                    ChildOutOfSchool = table.Column<bool>(type: "INTEGER", nullable: false),
                    HousingUnsafe = table.Column<bool>(type: "INTEGER", nullable: false),
                    ProposedType = table.Column<int>(type: "INTEGER", nullable: false),
                    Causes = table.Column<int>(type: "INTEGER", nullable: false),
                    Findings = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    FieldsPrefilled = table.Column<int>(type: "INTEGER", nullable: false),
                    FieldsTyped = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HomeVisits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HomeVisits_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MonitoredObjects",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: false),
                    VillageCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    RiskClass = table.Column<int>(type: "INTEGER", nullable: false),
                    Causes = table.Column<int>(type: "INTEGER", nullable: false),
                    People = table.Column<int>(type: "INTEGER", nullable: false),
                    FoundAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    RecognisedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecognisedYear = table.Column<int>(type: "INTEGER", nullable: false),
                    RecognitionCaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    EliminatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EliminationCaseId = table.Column<long>(type: "INTEGER", nullable: true),
                    EvaluatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EvaluatedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EvaluatedEffective = table.Column<bool>(type: "INTEGER", nullable: true),
                    Evaluation = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoredObjects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MonitoredObjects_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RiskAssessments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MonitoredObjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: false),
                    VillageCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    AssessedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AssessedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IncomePerCapitaFen = table.Column<long>(type: "INTEGER", nullable: false),
                    MonitoringLineFen = table.Column<long>(type: "INTEGER", nullable: false),
                    RuleSet = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FoodAndClothing = table.Column<bool>(type: "INTEGER", nullable: false),
                    CompulsoryEducation = table.Column<bool>(type: "INTEGER", nullable: false),
                    BasicMedical = table.Column<bool>(type: "INTEGER", nullable: false),
                    SafeHousing = table.Column<bool>(type: "INTEGER", nullable: false),
                    SafeWater = table.Column<bool>(type: "INTEGER", nullable: false),
                    IncomeStable = table.Column<bool>(type: "INTEGER", nullable: false),
                    Passed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RiskAssessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RiskAssessments_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RiskSignals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: true),
                    VillageCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    AmountFen = table.Column<long>(type: "INTEGER", nullable: true),
                    EventDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RaisedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: true),
                    FeedId = table.Column<long>(type: "INTEGER", nullable: true),
                    ScreeningVisitId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReceiptNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ApplicantName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ApplicantContact = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RiskSignals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RiskSignals_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ScreeningVisits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: false),
                    VillageCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    VisitedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    VisitedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Findings = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    RiskFound = table.Column<bool>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningVisits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScreeningVisits_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DataConsents_CountyCode",
                table: "DataConsents",
                column: "CountyCode");

            migrationBuilder.CreateIndex(
                name: "IX_DataConsents_HouseholdId_WithdrawnAt",
                table: "DataConsents",
                columns: new[] { "HouseholdId", "WithdrawnAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DepartmentFeeds_CountyCode",
                table: "DepartmentFeeds",
                column: "CountyCode");

            migrationBuilder.CreateIndex(
                name: "IX_HomeVisits_CaseId",
                table: "HomeVisits",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_HomeVisits_HouseholdId",
                table: "HomeVisits",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_MonitoredObjects_CountyCode_VillageCode_State",
                table: "MonitoredObjects",
                columns: new[] { "CountyCode", "VillageCode", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_MonitoredObjects_HouseholdId_State",
                table: "MonitoredObjects",
                columns: new[] { "HouseholdId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_RiskAssessments_HouseholdId",
                table: "RiskAssessments",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_RiskAssessments_MonitoredObjectId",
                table: "RiskAssessments",
                column: "MonitoredObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_RiskSignals_CaseId",
                table: "RiskSignals",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_RiskSignals_CountyCode_VillageCode_State",
                table: "RiskSignals",
                columns: new[] { "CountyCode", "VillageCode", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_RiskSignals_FeedId",
                table: "RiskSignals",
                column: "FeedId");

            migrationBuilder.CreateIndex(
                name: "IX_RiskSignals_HouseholdId_State",
                table: "RiskSignals",
                columns: new[] { "HouseholdId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_RiskSignals_ReceiptNumber",
                table: "RiskSignals",
                column: "ReceiptNumber");

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningVisits_CountyCode_VillageCode",
                table: "ScreeningVisits",
                columns: new[] { "CountyCode", "VillageCode" });

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningVisits_HouseholdId_VisitedOn",
                table: "ScreeningVisits",
                columns: new[] { "HouseholdId", "VisitedOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataConsents");

            migrationBuilder.DropTable(
                name: "DepartmentFeeds");

            migrationBuilder.DropTable(
                name: "HomeVisits");

            migrationBuilder.DropTable(
                name: "MonitoredObjects");

            migrationBuilder.DropTable(
                name: "RiskAssessments");

            migrationBuilder.DropTable(
                name: "RiskSignals");

            migrationBuilder.DropTable(
                name: "ScreeningVisits");
        }
    }
}
