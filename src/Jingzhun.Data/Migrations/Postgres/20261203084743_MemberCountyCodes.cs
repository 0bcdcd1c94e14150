using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jingzhun.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MemberCountyCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Members added together with a new household were stored without their county; department data is matched by it.
            migrationBuilder.Sql("""
                UPDATE "Members" SET "CountyCode" = (SELECT substr(h."VillageCode", 1, 6) FROM "Households" h WHERE h."Id" = "Members"."HouseholdId")
                WHERE "CountyCode" = ''
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
