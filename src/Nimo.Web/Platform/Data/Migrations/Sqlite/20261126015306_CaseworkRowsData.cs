using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nimo.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseworkRowsData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Data only (after CaseworkRows has rebuilt the tables): attendees and plan services linked to organisations and
            // classified, notes without a time, client search keys. Keep this call when regenerating the migration.
            Nimo.Features.Cases.CaseworkConversion.Up(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
