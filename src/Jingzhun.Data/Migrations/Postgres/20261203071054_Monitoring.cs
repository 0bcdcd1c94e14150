using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Jingzhun.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    HouseholdId = table.Column<long>(type: "bigint", nullable: false),
                    VillageCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    CountyCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false, collation: "C"),
                    GivenOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Document = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    WithdrawnAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WithdrawnBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CountyCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false, collation: "C"),
                    Department = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    ImportedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Rows = table.Column<int>(type: "integer", nullable: false),
                    Matched = table.Column<int>(type: "integer", nullable: false),
                    Signals = table.Column<int>(type: "integer", nullable: false),
                    Skipped = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DepartmentFeeds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HomeVisits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<long>(type: "bigint", nullable: false),
                    HouseholdId = table.Column<long>(type: "bigint", nullable: false),
                    VillageCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    CountyCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false, collation: "C"),
                    VisitedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    VisitedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ExpectedIncomePerCapitaFen = table.Column<long>(type: "bigint", nullable: true),
                    MedicalExpensesFen = table.Column<long>(type: "bigint", nullable: true),
                    DisasterLossFen = table.Column<long>(type: "bigint", nullable: true),
                    NewDisability = table.Column<bool>(type: "boolean", nullable: false),
                    OnDibao = table.Column<bool>(type: "boolean", nullable: false),
                    Unemployed = table.Column<bool>(type: "boolean", nullable: false),
                    ChildOutOfSchool = table.Column<bool>(type: "boolean", nullable: false),
                    HousingUnsafe = table.Column<bool>(type: "boolean", nullable: false),
                    ProposedType = table.Column<int>(type: "integer", nullable: false),
                    Causes = table.Column<int>(type: "integer", nullable: false),
                    Findings = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    FieldsPrefilled = table.Column<int>(type: "integer", nullable: false),
                    FieldsTyped = table.Column<int>(type: "integer", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    HouseholdId = table.Column<long>(type: "bigint", nullable: false),
                    VillageCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    CountyCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false, collation: "C"),
                    Type = table.Column<int>(type: "integer", nullable: false),
                    RiskClass = table.Column<int>(type: "integer", nullable: false),
                    Causes = table.Column<int>(type: "integer", nullable: false),
                    People = table.Column<int>(type: "integer", nullable: false),
                    FoundAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    RecognisedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecognisedYear = table.Column<int>(type: "integer", nullable: false),
                    RecognitionCaseId = table.Column<long>(type: "bigint", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    EliminatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EliminationCaseId = table.Column<long>(type: "bigint", nullable: true),
                    EvaluatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EvaluatedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EvaluatedEffective = table.Column<bool>(type: "boolean", nullable: true),
                    Evaluation = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MonitoredObjectId = table.Column<long>(type: "bigint", nullable: false),
                    HouseholdId = table.Column<long>(type: "bigint", nullable: false),
                    VillageCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    CountyCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false, collation: "C"),
                    AssessedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    AssessedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IncomePerCapitaFen = table.Column<long>(type: "bigint", nullable: false),
                    MonitoringLineFen = table.Column<long>(type: "bigint", nullable: false),
                    RuleSet = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FoodAndClothing = table.Column<bool>(type: "boolean", nullable: false),
                    CompulsoryEducation = table.Column<bool>(type: "boolean", nullable: false),
                    BasicMedical = table.Column<bool>(type: "boolean", nullable: false),
                    SafeHousing = table.Column<bool>(type: "boolean", nullable: false),
                    SafeWater = table.Column<bool>(type: "boolean", nullable: false),
                    IncomeStable = table.Column<bool>(type: "boolean", nullable: false),
                    Passed = table.Column<bool>(type: "boolean", nullable: false),
                    Comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    HouseholdId = table.Column<long>(type: "bigint", nullable: true),
                    VillageCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    CountyCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false, collation: "C"),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Evidence = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: true),
                    EventDate = table.Column<DateOnly>(type: "date", nullable: true),
                    RaisedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    CaseId = table.Column<long>(type: "bigint", nullable: true),
                    FeedId = table.Column<long>(type: "bigint", nullable: true),
                    ScreeningVisitId = table.Column<long>(type: "bigint", nullable: true),
                    ReceiptNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ApplicantName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    ApplicantContact = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    HouseholdId = table.Column<long>(type: "bigint", nullable: false),
                    VillageCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    CountyCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false, collation: "C"),
                    VisitedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    VisitedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Findings = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    RiskFound = table.Column<bool>(type: "boolean", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
