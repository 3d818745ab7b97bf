using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Nimo.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Peer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PeerCategories",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Set = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MeetsLawConditions = table.Column<bool>(type: "boolean", nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeerCategories", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PeerProgrammes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OwnerOrganizationId = table.Column<int>(type: "integer", nullable: false),
                    OperatorOrganizationId = table.Column<int>(type: "integer", nullable: true),
                    VisitsInPairs = table.Column<bool>(type: "boolean", nullable: false),
                    Notes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeerProgrammes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PeerProgrammes_Organizations_OperatorOrganizationId",
                        column: x => x.OperatorOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PeerProgrammes_Organizations_OwnerOrganizationId",
                        column: x => x.OwnerOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PeerRates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProgrammeId = table.Column<int>(type: "integer", nullable: false),
                    FiscalYear = table.Column<int>(type: "integer", nullable: false),
                    HourlyYen = table.Column<int>(type: "integer", nullable: false),
                    Rounding = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    TravelBasis = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FlatTravelYen = table.Column<int>(type: "integer", nullable: false),
                    HonorariumBudget = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TravelBudget = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeerRates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PeerRates_PeerProgrammes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "PeerProgrammes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PeerRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProgrammeId = table.Column<int>(type: "integer", nullable: false),
                    Activity = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    RequesterKind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Requester = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RegionId = table.Column<int>(type: "integer", nullable: false),
                    Place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    SupportersNeeded = table.Column<int>(type: "integer", nullable: false),
                    AdmissionCategoryId = table.Column<int>(type: "integer", nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CloseReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ReportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReportedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ReportSummary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Participants = table.Column<int>(type: "integer", nullable: true),
                    VisitOutcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeerRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PeerRequests_PeerCategories_AdmissionCategoryId",
                        column: x => x.AdmissionCategoryId,
                        principalTable: "PeerCategories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PeerRequests_PeerProgrammes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "PeerProgrammes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PeerRequests_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PeerSupporters",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProgrammeId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kana = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TeamOrganizationId = table.Column<int>(type: "integer", nullable: true),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    Phone = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Email = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ContactNote = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PayeeCode = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Activities = table.Column<int>(type: "integer", nullable: false),
                    AvailabilityNote = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    EndedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    FeedTokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    FeedIssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastBookedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeerSupporters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PeerSupporters_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_PeerSupporters_Organizations_TeamOrganizationId",
                        column: x => x.TeamOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PeerSupporters_PeerProgrammes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "PeerProgrammes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PeerTrainingRules",
                columns: table => new
                {
                    ProgrammeId = table.Column<int>(type: "integer", nullable: false),
                    Activity = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Level = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeerTrainingRules", x => new { x.ProgrammeId, x.Activity });
                    table.ForeignKey(
                        name: "FK_PeerTrainingRules_PeerProgrammes_ProgrammeId",
                        column: x => x.ProgrammeId,
                        principalTable: "PeerProgrammes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PeerVisitTopics",
                columns: table => new
                {
                    RequestId = table.Column<int>(type: "integer", nullable: false),
                    CategoryId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeerVisitTopics", x => new { x.RequestId, x.CategoryId });
                    table.ForeignKey(
                        name: "FK_PeerVisitTopics_PeerCategories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "PeerCategories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PeerVisitTopics_PeerRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "PeerRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PeerAvailability",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SupporterId = table.Column<int>(type: "integer", nullable: false),
                    Day = table.Column<int>(type: "integer", nullable: false),
                    From = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    To = table.Column<TimeOnly>(type: "time without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeerAvailability", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PeerAvailability_PeerSupporters_SupporterId",
                        column: x => x.SupporterId,
                        principalTable: "PeerSupporters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PeerDispatches",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequestId = table.Column<int>(type: "integer", nullable: false),
                    SupporterId = table.Column<int>(type: "integer", nullable: false),
                    StartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OfferedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OfferedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    AnsweredBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    CancelledBy = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    CancelReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CancelledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Minutes = table.Column<int>(type: "integer", nullable: true),
                    HonorariumYen = table.Column<int>(type: "integer", nullable: true),
                    TravelYen = table.Column<int>(type: "integer", nullable: true),
                    HonorariumBudget = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    TravelBudget = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Rounding = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    HourlyYen = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeerDispatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PeerDispatches_PeerRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "PeerRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PeerDispatches_PeerSupporters_SupporterId",
                        column: x => x.SupporterId,
                        principalTable: "PeerSupporters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PeerRegistrations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SupporterId = table.Column<int>(type: "integer", nullable: false),
                    FiscalYear = table.Column<int>(type: "integer", nullable: false),
                    RegisteredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    PledgedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeerRegistrations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PeerRegistrations_PeerSupporters_SupporterId",
                        column: x => x.SupporterId,
                        principalTable: "PeerSupporters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PeerSupporterAreas",
                columns: table => new
                {
                    SupporterId = table.Column<int>(type: "integer", nullable: false),
                    RegionId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeerSupporterAreas", x => new { x.SupporterId, x.RegionId });
                    table.ForeignKey(
                        name: "FK_PeerSupporterAreas_PeerSupporters_SupporterId",
                        column: x => x.SupporterId,
                        principalTable: "PeerSupporters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PeerSupporterAreas_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PeerTrainings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SupporterId = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    CompletedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Organizer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeerTrainings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PeerTrainings_PeerSupporters_SupporterId",
                        column: x => x.SupporterId,
                        principalTable: "PeerSupporters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SupporterExperiences",
                columns: table => new
                {
                    SupporterId = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ConsentedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupporterExperiences", x => x.SupporterId);
                    table.ForeignKey(
                        name: "FK_SupporterExperiences_PeerSupporters_SupporterId",
                        column: x => x.SupporterId,
                        principalTable: "PeerSupporters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PeerAvailability_SupporterId",
                table: "PeerAvailability",
                column: "SupporterId");

            migrationBuilder.CreateIndex(
                name: "IX_PeerCategories_Set_Name",
                table: "PeerCategories",
                columns: new[] { "Set", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PeerDispatches_RequestId",
                table: "PeerDispatches",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_PeerDispatches_SupporterId_StartsAt",
                table: "PeerDispatches",
                columns: new[] { "SupporterId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PeerProgrammes_OperatorOrganizationId",
                table: "PeerProgrammes",
                column: "OperatorOrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_PeerProgrammes_OwnerOrganizationId",
                table: "PeerProgrammes",
                column: "OwnerOrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_PeerRates_ProgrammeId_FiscalYear",
                table: "PeerRates",
                columns: new[] { "ProgrammeId", "FiscalYear" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PeerRegistrations_SupporterId_FiscalYear",
                table: "PeerRegistrations",
                columns: new[] { "SupporterId", "FiscalYear" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PeerRequests_AdmissionCategoryId",
                table: "PeerRequests",
                column: "AdmissionCategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_PeerRequests_ProgrammeId_StartsAt",
                table: "PeerRequests",
                columns: new[] { "ProgrammeId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PeerRequests_RegionId_StartsAt",
                table: "PeerRequests",
                columns: new[] { "RegionId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PeerSupporterAreas_RegionId",
                table: "PeerSupporterAreas",
                column: "RegionId");

            migrationBuilder.CreateIndex(
                name: "IX_PeerSupporters_FeedTokenHash",
                table: "PeerSupporters",
                column: "FeedTokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PeerSupporters_ProgrammeId_Kana",
                table: "PeerSupporters",
                columns: new[] { "ProgrammeId", "Kana" });

            migrationBuilder.CreateIndex(
                name: "IX_PeerSupporters_TeamOrganizationId",
                table: "PeerSupporters",
                column: "TeamOrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_PeerSupporters_UserId",
                table: "PeerSupporters",
                column: "UserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PeerTrainings_SupporterId",
                table: "PeerTrainings",
                column: "SupporterId");

            migrationBuilder.CreateIndex(
                name: "IX_PeerVisitTopics_CategoryId",
                table: "PeerVisitTopics",
                column: "CategoryId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PeerAvailability");

            migrationBuilder.DropTable(
                name: "PeerDispatches");

            migrationBuilder.DropTable(
                name: "PeerRates");

            migrationBuilder.DropTable(
                name: "PeerRegistrations");

            migrationBuilder.DropTable(
                name: "PeerSupporterAreas");

            migrationBuilder.DropTable(
                name: "PeerTrainingRules");

            migrationBuilder.DropTable(
                name: "PeerTrainings");

            migrationBuilder.DropTable(
                name: "PeerVisitTopics");

            migrationBuilder.DropTable(
                name: "SupporterExperiences");

            migrationBuilder.DropTable(
                name: "PeerRequests");

            migrationBuilder.DropTable(
                name: "PeerSupporters");

            migrationBuilder.DropTable(
                name: "PeerCategories");

            migrationBuilder.DropTable(
                name: "PeerProgrammes");
        }
    }
}
