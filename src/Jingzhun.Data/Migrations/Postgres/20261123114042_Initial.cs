using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Jingzhun.Data.Migrations.Postgres
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: false),
                    Role = table.Column<int>(type: "integer", nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    IsDisabled = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Households",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    VillageCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    CountyCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false, collation: "C"),
                    VillagerGroup = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    BankAccount = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Attribute = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    StatusYear = table.Column<int>(type: "integer", nullable: false),
                    IdentifiedYear = table.Column<int>(type: "integer", nullable: false),
                    Standard = table.Column<int>(type: "integer", nullable: false),
                    Monitoring = table.Column<int>(type: "integer", nullable: false),
                    PrimaryCause = table.Column<int>(type: "integer", nullable: false),
                    OtherCauses = table.Column<int>(type: "integer", nullable: false),
                    HousingAreaM2 = table.Column<double>(type: "double precision", nullable: false),
                    HousingStructure = table.Column<int>(type: "integer", nullable: false),
                    HousingSafety = table.Column<int>(type: "integer", nullable: false),
                    DrinkingWater = table.Column<int>(type: "integer", nullable: false),
                    HasElectricity = table.Column<bool>(type: "boolean", nullable: false),
                    DistanceToRoadKm = table.Column<double>(type: "double precision", nullable: false),
                    CultivatedLandMu = table.Column<double>(type: "double precision", nullable: false),
                    IrrigatedLandMu = table.Column<double>(type: "double precision", nullable: false),
                    ForestLandMu = table.Column<double>(type: "double precision", nullable: false),
                    GrasslandMu = table.Column<double>(type: "double precision", nullable: false),
                    IsCooperativeMember = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Households", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Regions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    ParentCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true),
                    IsWestern = table.Column<bool>(type: "boolean", nullable: false),
                    IsPoorCounty = table.Column<bool>(type: "boolean", nullable: false),
                    IsPoorVillage = table.Column<bool>(type: "boolean", nullable: false),
                    IsDeepPoverty = table.Column<bool>(type: "boolean", nullable: false),
                    RuralPopulation = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Regions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Action = table.Column<int>(type: "integer", nullable: false),
                    EntityType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EntityId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    HouseholdId = table.Column<long>(type: "bigint", nullable: true),
                    RegionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    Field = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    OldValue = table.Column<string>(type: "text", nullable: true),
                    NewValue = table.Column<string>(type: "text", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    HouseholdId = table.Column<long>(type: "bigint", nullable: false),
                    CountyCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false, collation: "C"),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    MembersCounted = table.Column<int>(type: "integer", nullable: false),
                    WagesFen = table.Column<long>(type: "bigint", nullable: false),
                    ProductionIncomeFen = table.Column<long>(type: "bigint", nullable: false),
                    PropertyIncomeFen = table.Column<long>(type: "bigint", nullable: false),
                    PensionFen = table.Column<long>(type: "bigint", nullable: false),
                    DibaoAllowanceFen = table.Column<long>(type: "bigint", nullable: false),
                    ExtremeHardshipAllowanceFen = table.Column<long>(type: "bigint", nullable: false),
                    EcologicalCompensationFen = table.Column<long>(type: "bigint", nullable: false),
                    OtherTransfersFen = table.Column<long>(type: "bigint", nullable: false),
                    ProductionCostsFen = table.Column<long>(type: "bigint", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    HouseholdId = table.Column<long>(type: "bigint", nullable: false),
                    CountyCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    ResidentId = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false, collation: "C"),
                    Sex = table.Column<int>(type: "integer", nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Relation = table.Column<int>(type: "integer", nullable: false),
                    Ethnicity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Education = table.Column<int>(type: "integer", nullable: false),
                    Schooling = table.Column<int>(type: "integer", nullable: false),
                    Health = table.Column<int>(type: "integer", nullable: false),
                    DisabilityGrade = table.Column<int>(type: "integer", nullable: false),
                    Labour = table.Column<int>(type: "integer", nullable: false),
                    MigrantWorkPlace = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    MigrantWorkMonths = table.Column<int>(type: "integer", nullable: false),
                    HasMedicalInsurance = table.Column<bool>(type: "boolean", nullable: false),
                    HasPensionInsurance = table.Column<bool>(type: "boolean", nullable: false),
                    ReceivesDibao = table.Column<bool>(type: "boolean", nullable: false),
                    ReceivesExtremeHardshipSupport = table.Column<bool>(type: "boolean", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    HouseholdId = table.Column<long>(type: "bigint", nullable: false),
                    CountyCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false, collation: "C"),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    From = table.Column<int>(type: "integer", nullable: false),
                    To = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Actor = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
