using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nimo.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CaseworkRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "OrganizationId",
                table: "PlanService",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OrganizationId",
                table: "ConferenceAttendee",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SearchKey",
                table: "Clients",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "HasTime",
                table: "CaseNotes",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_PlanService_OrganizationId",
                table: "PlanService",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_ConferenceAttendee_OrganizationId",
                table: "ConferenceAttendee",
                column: "OrganizationId");

            migrationBuilder.AddForeignKey(
                name: "FK_ConferenceAttendee_Organizations_OrganizationId",
                table: "ConferenceAttendee",
                column: "OrganizationId",
                principalTable: "Organizations",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_PlanService_Organizations_OrganizationId",
                table: "PlanService",
                column: "OrganizationId",
                principalTable: "Organizations",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ConferenceAttendee_Organizations_OrganizationId",
                table: "ConferenceAttendee");

            migrationBuilder.DropForeignKey(
                name: "FK_PlanService_Organizations_OrganizationId",
                table: "PlanService");

            migrationBuilder.DropIndex(
                name: "IX_PlanService_OrganizationId",
                table: "PlanService");

            migrationBuilder.DropIndex(
                name: "IX_ConferenceAttendee_OrganizationId",
                table: "ConferenceAttendee");

            migrationBuilder.DropColumn(
                name: "OrganizationId",
                table: "PlanService");

            migrationBuilder.DropColumn(
                name: "OrganizationId",
                table: "ConferenceAttendee");

            migrationBuilder.DropColumn(
                name: "SearchKey",
                table: "Clients");

            migrationBuilder.DropColumn(
                name: "HasTime",
                table: "CaseNotes");
        }
    }
}
