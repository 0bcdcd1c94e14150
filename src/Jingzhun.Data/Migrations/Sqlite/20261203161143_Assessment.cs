using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jingzhun.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Assessment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnnualAssessments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    AssessorCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinalisedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinalisedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnualAssessments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AssessmentProjects",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Design = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganiserCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OrganiserPrefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Seed = table.Column<long>(type: "INTEGER", nullable: false),
                    Margin = table.Column<decimal>(type: "TEXT", precision: 9, scale: 6, nullable: false),
                    Confidence = table.Column<decimal>(type: "TEXT", precision: 9, scale: 6, nullable: false),
                    ExpectedRate = table.Column<decimal>(type: "TEXT", precision: 9, scale: 6, nullable: false),
                    ClusterCorrelation = table.Column<decimal>(type: "TEXT", precision: 9, scale: 6, nullable: false),
                    HouseholdsPerVillage = table.Column<int>(type: "INTEGER", nullable: false),
                    UnregisteredPerVillage = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SampledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    VisitsStartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessmentProjects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AnnualScores",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AssessmentId = table.Column<long>(type: "INTEGER", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Indicator = table.Column<int>(type: "INTEGER", nullable: false),
                    Value = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: true),
                    Score = table.Column<decimal>(type: "TEXT", precision: 9, scale: 3, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Total = table.Column<decimal>(type: "TEXT", precision: 9, scale: 3, nullable: false),
                    Rank = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnnualScores", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AnnualScores_AnnualAssessments_AssessmentId",
                        column: x => x.AssessmentId,
                        principalTable: "AnnualAssessments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AssessmentCounties",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    ExitedFrame = table.Column<int>(type: "INTEGER", nullable: false),
                    VillageFrame = table.Column<int>(type: "INTEGER", nullable: false),
                    VillagesDrawn = table.Column<int>(type: "INTEGER", nullable: false),
                    SampleSize = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessmentCounties", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AssessmentCounties_AssessmentProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "AssessmentProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Findings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    RaisedByCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    Severity = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ResponsibleUnit = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FoundOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    AssessmentProjectId = table.Column<long>(type: "INTEGER", nullable: true),
                    RaisedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ClosedReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Findings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Findings_AssessmentProjects_AssessmentProjectId",
                        column: x => x.AssessmentProjectId,
                        principalTable: "AssessmentProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SampledHouseholds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Stratum = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    VillageCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OrganiserPrefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Phase = table.Column<int>(type: "INTEGER", nullable: false),
                    Frame = table.Column<int>(type: "INTEGER", nullable: false),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: true),
                    FoundName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    DrawOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    Weight = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: false),
                    AssessorAccountId = table.Column<int>(type: "INTEGER", nullable: true),
                    AssignedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    VisitedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PerCapitaIncome = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    FoodAndClothing = table.Column<bool>(type: "INTEGER", nullable: true),
                    Education = table.Column<bool>(type: "INTEGER", nullable: true),
                    Medical = table.Column<bool>(type: "INTEGER", nullable: true),
                    Housing = table.Column<bool>(type: "INTEGER", nullable: true),
                    Water = table.Column<bool>(type: "INTEGER", nullable: true),
                    Recognition = table.Column<int>(type: "INTEGER", nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Finding = table.Column<bool>(type: "INTEGER", nullable: true),
                    FindingTrace = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SampledHouseholds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SampledHouseholds_AssessmentProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "AssessmentProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SampledHouseholds_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "FindingSubjects",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FindingId = table.Column<long>(type: "INTEGER", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: true),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FindingSubjects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FindingSubjects_Findings_FindingId",
                        column: x => x.FindingId,
                        principalTable: "Findings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FindingSubjects_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FindingSubjects_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Rectifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FindingId = table.Column<long>(type: "INTEGER", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Measures = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ReportedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ReportedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReportedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EvidenceName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    EvidenceType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Evidence = table.Column<byte[]>(type: "BLOB", nullable: true),
                    EvidenceSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Accepted = table.Column<bool>(type: "INTEGER", nullable: true),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AnsweredBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Rectifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Rectifications_Findings_FindingId",
                        column: x => x.FindingId,
                        principalTable: "Findings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SamplePhotos",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SampleId = table.Column<long>(type: "INTEGER", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    VillageCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Thumbnail = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Width = table.Column<int>(type: "INTEGER", nullable: false),
                    Height = table.Column<int>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SamplePhotos", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SamplePhotos_SampledHouseholds_SampleId",
                        column: x => x.SampleId,
                        principalTable: "SampledHouseholds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnnualAssessments_AssessorCode_Year_Level",
                table: "AnnualAssessments",
                columns: new[] { "AssessorCode", "Year", "Level" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AnnualScores_AssessmentId_RegionCode_Indicator",
                table: "AnnualScores",
                columns: new[] { "AssessmentId", "RegionCode", "Indicator" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentCounties_CountyCode",
                table: "AssessmentCounties",
                column: "CountyCode");

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentCounties_ProjectId_CountyCode",
                table: "AssessmentCounties",
                columns: new[] { "ProjectId", "CountyCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentProjects_OrganiserCode_Year",
                table: "AssessmentProjects",
                columns: new[] { "OrganiserCode", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_Findings_AssessmentProjectId",
                table: "Findings",
                column: "AssessmentProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Findings_Number",
                table: "Findings",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Findings_RegionCode_State",
                table: "Findings",
                columns: new[] { "RegionCode", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Findings_State_Deadline",
                table: "Findings",
                columns: new[] { "State", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_FindingSubjects_FindingId",
                table: "FindingSubjects",
                column: "FindingId");

            migrationBuilder.CreateIndex(
                name: "IX_FindingSubjects_HouseholdId",
                table: "FindingSubjects",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_FindingSubjects_ProjectId",
                table: "FindingSubjects",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Rectifications_FindingId",
                table: "Rectifications",
                column: "FindingId");

            migrationBuilder.CreateIndex(
                name: "IX_SampledHouseholds_AssessorAccountId",
                table: "SampledHouseholds",
                column: "AssessorAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_SampledHouseholds_ClientId",
                table: "SampledHouseholds",
                column: "ClientId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SampledHouseholds_HouseholdId",
                table: "SampledHouseholds",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_SampledHouseholds_ProjectId_Frame_DrawOrder",
                table: "SampledHouseholds",
                columns: new[] { "ProjectId", "Frame", "DrawOrder" });

            migrationBuilder.CreateIndex(
                name: "IX_SampledHouseholds_ProjectId_HouseholdId",
                table: "SampledHouseholds",
                columns: new[] { "ProjectId", "HouseholdId" });

            migrationBuilder.CreateIndex(
                name: "IX_SampledHouseholds_VillageCode",
                table: "SampledHouseholds",
                column: "VillageCode");

            migrationBuilder.CreateIndex(
                name: "IX_SamplePhotos_SampleId_Sha256",
                table: "SamplePhotos",
                columns: new[] { "SampleId", "Sha256" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnnualScores");

            migrationBuilder.DropTable(
                name: "AssessmentCounties");

            migrationBuilder.DropTable(
                name: "FindingSubjects");

            migrationBuilder.DropTable(
                name: "Rectifications");

            migrationBuilder.DropTable(
                name: "SamplePhotos");

            migrationBuilder.DropTable(
                name: "AnnualAssessments");

            migrationBuilder.DropTable(
                name: "Findings");

            migrationBuilder.DropTable(
                name: "SampledHouseholds");

            migrationBuilder.DropTable(
                name: "AssessmentProjects");
        }
    }
}
