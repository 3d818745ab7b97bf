using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nimo.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Events : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EventListingStamps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EventListingStamps", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Events",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    OrganizerId = table.Column<int>(type: "INTEGER", nullable: false),
                    Audiences = table.Column<int>(type: "INTEGER", nullable: false),
                    RegionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Venue = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Access = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    OnlineNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: true),
                    Waitlist = table.Column<bool>(type: "INTEGER", nullable: false),
                    RegistrationClosesAt = table.Column<long>(type: "INTEGER", nullable: true),
                    MarkedSensitive = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsSensitive = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsPublished = table.Column<bool>(type: "INTEGER", nullable: false),
                    AskAffiliation = table.Column<bool>(type: "INTEGER", nullable: false),
                    AskCategory = table.Column<bool>(type: "INTEGER", nullable: false),
                    AskAccommodation = table.Column<bool>(type: "INTEGER", nullable: false),
                    PurposeOfUse = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Contact = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RetentionDays = table.Column<int>(type: "INTEGER", nullable: false),
                    SupporterProgramme = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    QuestionnaireOnline = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    HeldRecordedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CancelReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ScheduleItemId = table.Column<int>(type: "INTEGER", nullable: true),
                    MarkedScheduleDone = table.Column<bool>(type: "INTEGER", nullable: false),
                    ForumId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Events_Forums_ForumId",
                        column: x => x.ForumId,
                        principalTable: "Forums",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Events_Organizations_OrganizerId",
                        column: x => x.OrganizerId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Events_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Events_ScheduleItems_ScheduleItemId",
                        column: x => x.ScheduleItemId,
                        principalTable: "ScheduleItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "SupporterBaselines",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionId = table.Column<int>(type: "INTEGER", nullable: false),
                    FiscalYear = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Programme = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ImportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupporterBaselines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupporterBaselines_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SupporterTargets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Value = table.Column<int>(type: "INTEGER", nullable: false),
                    DueFiscalYear = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    IsVerified = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupporterTargets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EventBooks",
                columns: table => new
                {
                    EventId = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EventBooks", x => x.EventId);
                    table.ForeignKey(
                        name: "FK_EventBooks_Events_EventId",
                        column: x => x.EventId,
                        principalTable: "Events",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EventCoHosts",
                columns: table => new
                {
                    EventId = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EventCoHosts", x => new { x.EventId, x.OrganizationId });
                    table.ForeignKey(
                        name: "FK_EventCoHosts_Events_EventId",
                        column: x => x.EventId,
                        principalTable: "Events",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EventCoHosts_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "EventHeadcounts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<int>(type: "INTEGER", nullable: false),
                    Category = table.Column<int>(type: "INTEGER", nullable: false),
                    Attended = table.Column<int>(type: "INTEGER", nullable: false),
                    Completed = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EventHeadcounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EventHeadcounts_Events_EventId",
                        column: x => x.EventId,
                        principalTable: "Events",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EventRegistrations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Contact = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Affiliation = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Category = table.Column<int>(type: "INTEGER", nullable: true),
                    Accommodation = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DuplicateKey = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    ConfirmationHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RegisteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CancelledByStaff = table.Column<bool>(type: "INTEGER", nullable: false),
                    PromotedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CheckedInAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Completed = table.Column<bool>(type: "INTEGER", nullable: false),
                    ErasedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EventRegistrations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EventRegistrations_Events_EventId",
                        column: x => x.EventId,
                        principalTable: "Events",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QuestionnaireItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<int>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuestionnaireItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QuestionnaireItems_Events_EventId",
                        column: x => x.EventId,
                        principalTable: "Events",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QuestionnaireResponses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuestionnaireResponses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QuestionnaireResponses_Events_EventId",
                        column: x => x.EventId,
                        principalTable: "Events",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QuestionnaireAnswers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResponseId = table.Column<int>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    Rating = table.Column<int>(type: "INTEGER", nullable: true),
                    Before = table.Column<int>(type: "INTEGER", nullable: true),
                    After = table.Column<int>(type: "INTEGER", nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuestionnaireAnswers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QuestionnaireAnswers_QuestionnaireItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "QuestionnaireItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_QuestionnaireAnswers_QuestionnaireResponses_ResponseId",
                        column: x => x.ResponseId,
                        principalTable: "QuestionnaireResponses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "EventListingStamps",
                columns: new[] { "Id", "Value" },
                values: new object[] { 1, 0L });

            migrationBuilder.InsertData(
                table: "SupporterTargets",
                columns: new[] { "Id", "DueFiscalYear", "IsVerified", "Name", "Source", "Value", "Version" },
                values: new object[] { 1, 2033, true, "心のサポーター", "厚生労働省 心のサポーター養成事業(令和15年度末までに100万人)", 1000000, new Guid("6c1b57a4-52a4-4a52-9d0f-6d3f6a1e2b01") });

            migrationBuilder.CreateIndex(
                name: "IX_EventCoHosts_OrganizationId",
                table: "EventCoHosts",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_EventHeadcounts_EventId_Category",
                table: "EventHeadcounts",
                columns: new[] { "EventId", "Category" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EventRegistrations_ConfirmationHash",
                table: "EventRegistrations",
                column: "ConfirmationHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EventRegistrations_ErasedAt",
                table: "EventRegistrations",
                column: "ErasedAt");

            migrationBuilder.CreateIndex(
                name: "IX_EventRegistrations_EventId_DuplicateKey",
                table: "EventRegistrations",
                columns: new[] { "EventId", "DuplicateKey" },
                unique: true,
                filter: "\"Status\" <> 'Cancelled' AND \"DuplicateKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_EventRegistrations_EventId_Status",
                table: "EventRegistrations",
                columns: new[] { "EventId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_ForumId",
                table: "Events",
                column: "ForumId");

            migrationBuilder.CreateIndex(
                name: "IX_Events_IsPublished_StartsAt",
                table: "Events",
                columns: new[] { "IsPublished", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_OrganizerId_StartsAt",
                table: "Events",
                columns: new[] { "OrganizerId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_RegionId_StartsAt",
                table: "Events",
                columns: new[] { "RegionId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_ScheduleItemId",
                table: "Events",
                column: "ScheduleItemId");

            migrationBuilder.CreateIndex(
                name: "IX_QuestionnaireAnswers_ItemId",
                table: "QuestionnaireAnswers",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_QuestionnaireAnswers_ResponseId",
                table: "QuestionnaireAnswers",
                column: "ResponseId");

            migrationBuilder.CreateIndex(
                name: "IX_QuestionnaireItems_EventId_SortOrder",
                table: "QuestionnaireItems",
                columns: new[] { "EventId", "SortOrder" });

            migrationBuilder.CreateIndex(
                name: "IX_QuestionnaireResponses_EventId",
                table: "QuestionnaireResponses",
                column: "EventId");

            migrationBuilder.CreateIndex(
                name: "IX_SupporterBaselines_RegionId_FiscalYear",
                table: "SupporterBaselines",
                columns: new[] { "RegionId", "FiscalYear" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EventBooks");

            migrationBuilder.DropTable(
                name: "EventCoHosts");

            migrationBuilder.DropTable(
                name: "EventHeadcounts");

            migrationBuilder.DropTable(
                name: "EventListingStamps");

            migrationBuilder.DropTable(
                name: "EventRegistrations");

            migrationBuilder.DropTable(
                name: "QuestionnaireAnswers");

            migrationBuilder.DropTable(
                name: "SupporterBaselines");

            migrationBuilder.DropTable(
                name: "SupporterTargets");

            migrationBuilder.DropTable(
                name: "QuestionnaireItems");

            migrationBuilder.DropTable(
                name: "QuestionnaireResponses");

            migrationBuilder.DropTable(
                name: "Events");
        }
    }
}
