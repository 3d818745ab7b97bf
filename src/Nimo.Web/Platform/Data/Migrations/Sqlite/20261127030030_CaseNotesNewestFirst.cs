using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nimo.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseNotesNewestFirst : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CaseNotes_CaseId_OccurredAt",
                table: "CaseNotes");

            migrationBuilder.CreateIndex(
                name: "IX_CaseNotes_CaseId_OccurredAt_Id",
                table: "CaseNotes",
                columns: new[] { "CaseId", "OccurredAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CaseNotes_CaseId_OccurredAt_Id",
                table: "CaseNotes");

            migrationBuilder.CreateIndex(
                name: "IX_CaseNotes_CaseId_OccurredAt",
                table: "CaseNotes",
                columns: new[] { "CaseId", "OccurredAt" });
        }
    }
}
