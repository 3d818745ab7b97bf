using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nimo.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Plans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Plans",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionId = table.Column<int>(type: "INTEGER", nullable: false),
                    FiscalYear = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Lead = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Vision = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Overview = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Strengths = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    SystemDescription = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    OtherMatters = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    UsageEndYear = table.Column<int>(type: "INTEGER", nullable: true),
                    LongTermGoal = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ShortTermGoal = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SmallSteps = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    HealthLinkage = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    HealthRemarks = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    MedicalLinkage = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    MedicalRemarks = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    WelfareLinkage = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    WelfareRemarks = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    OtherLinkage = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    OtherRemarks = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    EvaluatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EvaluatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ReopenReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CopiedFromPlanId = table.Column<int>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Plans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Plans_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlanChallenges",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlanId = table.Column<int>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Policy = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RoleGovernment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RoleMedical = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RoleWelfare = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RoleOthers = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ReviewNote = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RegionalIssueId = table.Column<int>(type: "INTEGER", nullable: true),
                    CarriedFromId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanChallenges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanChallenges_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PlanChallenges_RegionalIssues_RegionalIssueId",
                        column: x => x.RegionalIssueId,
                        principalTable: "RegionalIssues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ScheduleItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlanId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    FiscalYear = table.Column<int>(type: "INTEGER", nullable: true),
                    WhenText = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    MonthKey = table.Column<int>(type: "INTEGER", nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    MeetingId = table.Column<int>(type: "INTEGER", nullable: true),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    Done = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScheduleItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScheduleItems_Meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ScheduleItems_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlanIndicators",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlanId = table.Column<int>(type: "INTEGER", nullable: false),
                    ChallengeId = table.Column<int>(type: "INTEGER", nullable: true),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Basis = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Baseline = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Target = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Actual = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Population = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    ExpectedEffect = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    AchievedEffect = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    SourceForumId = table.Column<int>(type: "INTEGER", nullable: true),
                    ActualFromLiveCount = table.Column<bool>(type: "INTEGER", nullable: false),
                    CarriedFromId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanIndicators", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanIndicators_Forums_SourceForumId",
                        column: x => x.SourceForumId,
                        principalTable: "Forums",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PlanIndicators_PlanChallenges_ChallengeId",
                        column: x => x.ChallengeId,
                        principalTable: "PlanChallenges",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_PlanIndicators_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PlanChallenges_CarriedFromId",
                table: "PlanChallenges",
                column: "CarriedFromId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanChallenges_PlanId",
                table: "PlanChallenges",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanChallenges_RegionalIssueId",
                table: "PlanChallenges",
                column: "RegionalIssueId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanIndicators_CarriedFromId",
                table: "PlanIndicators",
                column: "CarriedFromId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanIndicators_ChallengeId",
                table: "PlanIndicators",
                column: "ChallengeId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanIndicators_PlanId",
                table: "PlanIndicators",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanIndicators_SourceForumId",
                table: "PlanIndicators",
                column: "SourceForumId");

            migrationBuilder.CreateIndex(
                name: "IX_Plans_RegionId_FiscalYear",
                table: "Plans",
                columns: new[] { "RegionId", "FiscalYear" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ScheduleItems_MeetingId",
                table: "ScheduleItems",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_ScheduleItems_PlanId_Kind_MonthKey",
                table: "ScheduleItems",
                columns: new[] { "PlanId", "Kind", "MonthKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlanIndicators");

            migrationBuilder.DropTable(
                name: "ScheduleItems");

            migrationBuilder.DropTable(
                name: "PlanChallenges");

            migrationBuilder.DropTable(
                name: "Plans");
        }
    }
}
