using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jingzhun.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Accounts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    IsDisabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Households",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    VillageCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    VillagerGroup = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    BankAccount = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Attribute = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    StatusYear = table.Column<int>(type: "INTEGER", nullable: false),
                    IdentifiedYear = table.Column<int>(type: "INTEGER", nullable: false),
                    Standard = table.Column<int>(type: "INTEGER", nullable: false),
                    Monitoring = table.Column<int>(type: "INTEGER", nullable: false),
                    PrimaryCause = table.Column<int>(type: "INTEGER", nullable: false),
                    OtherCauses = table.Column<int>(type: "INTEGER", nullable: false),
                    HousingAreaM2 = table.Column<double>(type: "REAL", nullable: false),
                    HousingStructure = table.Column<int>(type: "INTEGER", nullable: false),
                    HousingSafety = table.Column<int>(type: "INTEGER", nullable: false),
                    DrinkingWater = table.Column<int>(type: "INTEGER", nullable: false),
                    HasElectricity = table.Column<bool>(type: "INTEGER", nullable: false),
                    DistanceToRoadKm = table.Column<double>(type: "REAL", nullable: false),
                    CultivatedLandMu = table.Column<double>(type: "REAL", nullable: false),
                    IrrigatedLandMu = table.Column<double>(type: "REAL", nullable: false),
                    ForestLandMu = table.Column<double>(type: "REAL", nullable: false),
                    GrasslandMu = table.Column<double>(type: "REAL", nullable: false),
                    IsCooperativeMember = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Households", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Regions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    ParentCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    IsWestern = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsPoorCounty = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsPoorVillage = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsDeepPoverty = table.Column<bool>(type: "INTEGER", nullable: false),
                    RuralPopulation = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Regions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Action = table.Column<int>(type: "INTEGER", nullable: false),
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EntityId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: true),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OldValue = table.Column<string>(type: "TEXT", nullable: true),
                    NewValue = table.Column<string>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AuditEntries_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Incomes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    MembersCounted = table.Column<int>(type: "INTEGER", nullable: false),
                    WagesFen = table.Column<long>(type: "INTEGER", nullable: false),
                    ProductionIncomeFen = table.Column<long>(type: "INTEGER", nullable: false),
                    PropertyIncomeFen = table.Column<long>(type: "INTEGER", nullable: false),
                    PensionFen = table.Column<long>(type: "INTEGER", nullable: false),
                    DibaoAllowanceFen = table.Column<long>(type: "INTEGER", nullable: false),
                    ExtremeHardshipAllowanceFen = table.Column<long>(type: "INTEGER", nullable: false),
                    EcologicalCompensationFen = table.Column<long>(type: "INTEGER", nullable: false),
                    OtherTransfersFen = table.Column<long>(type: "INTEGER", nullable: false),
                    ProductionCostsFen = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Incomes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Incomes_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Members",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ResidentId = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Sex = table.Column<int>(type: "INTEGER", nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Relation = table.Column<int>(type: "INTEGER", nullable: false),
                    Ethnicity = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Education = table.Column<int>(type: "INTEGER", nullable: false),
                    Schooling = table.Column<int>(type: "INTEGER", nullable: false),
                    Health = table.Column<int>(type: "INTEGER", nullable: false),
                    DisabilityGrade = table.Column<int>(type: "INTEGER", nullable: false),
                    Labour = table.Column<int>(type: "INTEGER", nullable: false),
                    MigrantWorkPlace = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    MigrantWorkMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    HasMedicalInsurance = table.Column<bool>(type: "INTEGER", nullable: false),
                    HasPensionInsurance = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReceivesDibao = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReceivesExtremeHardshipSupport = table.Column<bool>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Members", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Members_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "StatusChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: false),
                    CountyCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    From = table.Column<int>(type: "INTEGER", nullable: false),
                    To = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatusChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatusChanges_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_UserName",
                table: "Accounts",
                column: "UserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_HouseholdId",
                table: "AuditEntries",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_RegionCode_At",
                table: "AuditEntries",
                columns: new[] { "RegionCode", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Households_CountyCode_Status",
                table: "Households",
                columns: new[] { "CountyCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Households_Number",
                table: "Households",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Households_PrimaryCause",
                table: "Households",
                column: "PrimaryCause");

            migrationBuilder.CreateIndex(
                name: "IX_Households_VillageCode_Status",
                table: "Households",
                columns: new[] { "VillageCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Incomes_HouseholdId_Year",
                table: "Incomes",
                columns: new[] { "HouseholdId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Members_HouseholdId",
                table: "Members",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_Members_Name",
                table: "Members",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Members_ResidentId",
                table: "Members",
                column: "ResidentId");

            migrationBuilder.CreateIndex(
                name: "IX_Regions_Code_ValidFrom",
                table: "Regions",
                columns: new[] { "Code", "ValidFrom" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Regions_ParentCode",
                table: "Regions",
                column: "ParentCode");

            migrationBuilder.CreateIndex(
                name: "IX_StatusChanges_HouseholdId",
                table: "StatusChanges",
                column: "HouseholdId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Accounts");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "Incomes");

            migrationBuilder.DropTable(
                name: "Members");

            migrationBuilder.DropTable(
                name: "Regions");

            migrationBuilder.DropTable(
                name: "StatusChanges");

            migrationBuilder.DropTable(
                name: "Households");
        }
    }
}
