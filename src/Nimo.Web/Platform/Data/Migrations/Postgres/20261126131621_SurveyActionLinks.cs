using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Nimo.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SurveyActionLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SurveyEventLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EventId = table.Column<int>(type: "integer", nullable: false),
                    RecipientId = table.Column<int>(type: "integer", nullable: false),
                    SurveyId = table.Column<int>(type: "integer", nullable: false),
                    ActivityTitle = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyEventLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SurveyEventLinks_Events_EventId",
                        column: x => x.EventId,
                        principalTable: "Events",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SurveyEventLinks_SurveyRecipients_RecipientId",
                        column: x => x.RecipientId,
                        principalTable: "SurveyRecipients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SurveyServiceLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipientId = table.Column<int>(type: "integer", nullable: false),
                    SurveyId = table.Column<int>(type: "integer", nullable: false),
                    ActivityTitle = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyServiceLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SurveyServiceLinks_DirectoryServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "DirectoryServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SurveyServiceLinks_SurveyRecipients_RecipientId",
                        column: x => x.RecipientId,
                        principalTable: "SurveyRecipients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyEventLinks_EventId",
                table: "SurveyEventLinks",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SurveyEventLinks_RecipientId_ActivityTitle",
                table: "SurveyEventLinks",
                columns: new[] { "RecipientId", "ActivityTitle" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SurveyServiceLinks_RecipientId_ActivityTitle",
                table: "SurveyServiceLinks",
                columns: new[] { "RecipientId", "ActivityTitle" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SurveyServiceLinks_ServiceId",
                table: "SurveyServiceLinks",
                column: "ServiceId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SurveyEventLinks");

            migrationBuilder.DropTable(
                name: "SurveyServiceLinks");
        }
    }
}
