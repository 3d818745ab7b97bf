using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nimo.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditSubjects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditQueries",
                columns: table => new
                {
                    AuditEntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditQueries", x => x.AuditEntryId);
                    table.ForeignKey(
                        name: "FK_AuditQueries_AuditEntries_AuditEntryId",
                        column: x => x.AuditEntryId,
                        principalTable: "AuditEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AuditSubjects",
                columns: table => new
                {
                    ClientId = table.Column<int>(type: "INTEGER", nullable: false),
                    AuditEntryId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditSubjects", x => new { x.ClientId, x.AuditEntryId });
                    table.ForeignKey(
                        name: "FK_AuditSubjects_AuditEntries_AuditEntryId",
                        column: x => x.AuditEntryId,
                        principalTable: "AuditEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditSubjects_AuditEntryId",
                table: "AuditSubjects",
                column: "AuditEntryId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditQueries");

            migrationBuilder.DropTable(
                name: "AuditSubjects");
        }
    }
}
