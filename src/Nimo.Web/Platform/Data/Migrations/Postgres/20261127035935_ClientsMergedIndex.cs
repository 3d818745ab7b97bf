using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nimo.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ClientsMergedIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Clients_Merged",
                table: "Clients",
                column: "Id",
                filter: "\"MergedIntoId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Clients_Merged",
                table: "Clients");
        }
    }
}
