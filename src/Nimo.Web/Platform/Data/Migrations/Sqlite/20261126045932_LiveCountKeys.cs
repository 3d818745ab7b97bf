using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nimo.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LiveCountKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Source",
                table: "PlanIndicators",
                type: "TEXT",
                maxLength: 100,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 30);

            // A typed actual was stored as the enum's name 「None」; it is now no key at all.
            migrationBuilder.Sql("UPDATE \"PlanIndicators\" SET \"Source\" = NULL WHERE \"Source\" = 'None'");
            // A live indicator without a typed unit was written with its source's; the unit is now kept with the indicator,
            // so that the figure reads the same whether or not the source is still registered.
            migrationBuilder.Sql("""
                UPDATE "PlanIndicators" SET "Unit" = CASE "Source"
                    WHEN 'ForumMeetingsHeld' THEN '回' WHEN 'ForumIssuesRaised' THEN '件' WHEN 'ForumIssuesAnswered' THEN '件'
                    WHEN 'MunicipalitiesWithForum' THEN '市町村' WHEN 'AreasWithForum' THEN '圏域'
                    WHEN 'OutreachClients' THEN '人' WHEN 'DischargePlans' THEN '件' WHEN 'LiaisonSheetsSent' THEN '件' END
                WHERE "Unit" IS NULL AND "Source" IN ('ForumMeetingsHeld', 'ForumIssuesRaised', 'ForumIssuesAnswered',
                    'MunicipalitiesWithForum', 'AreasWithForum', 'OutreachClients', 'DischargePlans', 'LiaisonSheetsSent')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to the enum: typed actuals are 「None」 again, and sources the enum never had (events …) become typed.
            migrationBuilder.Sql("""
                UPDATE "PlanIndicators" SET "Source" = 'None'
                WHERE "Source" IS NULL OR "Source" NOT IN ('ForumMeetingsHeld', 'ForumIssuesRaised', 'ForumIssuesAnswered',
                    'MunicipalitiesWithForum', 'AreasWithForum', 'OutreachClients', 'DischargePlans', 'LiaisonSheetsSent')
                """);

            migrationBuilder.AlterColumn<string>(
                name: "Source",
                table: "PlanIndicators",
                type: "TEXT",
                maxLength: 30,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 100,
                oldNullable: true);
        }
    }
}
