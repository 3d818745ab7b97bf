using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nimo.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DirectoryDocumentOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SortOrder",
                table: "RequiredDocument",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SortOrder",
                table: "RequiredDocument");
        }
    }
}
