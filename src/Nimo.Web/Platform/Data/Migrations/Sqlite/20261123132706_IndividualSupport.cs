using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nimo.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IndividualSupport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Clients",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OwnerOrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    RegionId = table.Column<int>(type: "INTEGER", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kana = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    KanaKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Sex = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Household = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Supporters = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    MergedIntoId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Clients", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Clients_Organizations_OwnerOrganizationId",
                        column: x => x.OwnerOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Clients_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Consents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClientId = table.Column<int>(type: "INTEGER", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ConsentedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    GivenBy = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Form = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    WithdrawnOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    WithdrawalNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Consents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Consents_Clients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SupportCases",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClientId = table.Column<int>(type: "INTEGER", nullable: false),
                    OwnerOrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Programme = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AssignedStaff = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Team = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    OpenedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ReviewedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EndReason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    EndNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Referral = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportCases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupportCases_Clients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SupportCases_Organizations_OwnerOrganizationId",
                        column: x => x.OwnerOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ConsentOrganization",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConsentId = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentOrganization", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConsentOrganization_Consents_ConsentId",
                        column: x => x.ConsentId,
                        principalTable: "Consents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ConsentOrganization_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LiaisonSheets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClientId = table.Column<int>(type: "INTEGER", nullable: false),
                    FromOrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    ToOrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    ConsentId = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Situation = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Request = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    SenderContact = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnsweredBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LiaisonSheets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LiaisonSheets_Clients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LiaisonSheets_Consents_ConsentId",
                        column: x => x.ConsentId,
                        principalTable: "Consents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LiaisonSheets_Organizations_FromOrganizationId",
                        column: x => x.FromOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LiaisonSheets_Organizations_ToOrganizationId",
                        column: x => x.ToOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CaseConferences",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<int>(type: "INTEGER", nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    PoliceReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    PersonAgreed = table.Column<bool>(type: "INTEGER", nullable: false),
                    FamilyAgreed = table.Column<bool>(type: "INTEGER", nullable: false),
                    MembersAgreed = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseConferences", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseConferences_SupportCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "SupportCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseNotes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<int>(type: "INTEGER", nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: true),
                    Staff = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Content = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseNotes_SupportCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "SupportCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DischargePlans",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<int>(type: "INTEGER", nullable: false),
                    ConsentId = table.Column<int>(type: "INTEGER", nullable: false),
                    AdmissionType = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Hospital = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AdmittedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PlannedDischargeOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DischargedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Wishes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    FamilyViews = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ResidenceAfter = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Needs = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CrisisPlan = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ContactPerson = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    JointWith = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PeriodEndsOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Extensions = table.Column<int>(type: "INTEGER", nullable: false),
                    ExtensionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Handover = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    HandoverTo = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    HandoverConsentId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DischargePlans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DischargePlans_Consents_ConsentId",
                        column: x => x.ConsentId,
                        principalTable: "Consents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DischargePlans_Consents_HandoverConsentId",
                        column: x => x.HandoverConsentId,
                        principalTable: "Consents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DischargePlans_SupportCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "SupportCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Grants",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    DecidedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    IsRenewal = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Grants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Grants_SupportCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "SupportCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ConferenceAttendee",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConferenceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Affiliation = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConferenceAttendee", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConferenceAttendee_CaseConferences_ConferenceId",
                        column: x => x.ConferenceId,
                        principalTable: "CaseConferences",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlanService",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DischargePlanId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Contact = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanService", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanService_DischargePlans_DischargePlanId",
                        column: x => x.DischargePlanId,
                        principalTable: "DischargePlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CaseConferences_CaseId",
                table: "CaseConferences",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseNotes_CaseId_OccurredAt",
                table: "CaseNotes",
                columns: new[] { "CaseId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Clients_KanaKey_BirthDate",
                table: "Clients",
                columns: new[] { "KanaKey", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Clients_OwnerOrganizationId_KanaKey",
                table: "Clients",
                columns: new[] { "OwnerOrganizationId", "KanaKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Clients_RegionId",
                table: "Clients",
                column: "RegionId");

            migrationBuilder.CreateIndex(
                name: "IX_ConferenceAttendee_ConferenceId",
                table: "ConferenceAttendee",
                column: "ConferenceId");

            migrationBuilder.CreateIndex(
                name: "IX_ConsentOrganization_ConsentId",
                table: "ConsentOrganization",
                column: "ConsentId");

            migrationBuilder.CreateIndex(
                name: "IX_ConsentOrganization_OrganizationId_ConsentId",
                table: "ConsentOrganization",
                columns: new[] { "OrganizationId", "ConsentId" });

            migrationBuilder.CreateIndex(
                name: "IX_Consents_ClientId",
                table: "Consents",
                column: "ClientId");

            migrationBuilder.CreateIndex(
                name: "IX_DischargePlans_CaseId",
                table: "DischargePlans",
                column: "CaseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DischargePlans_ConsentId",
                table: "DischargePlans",
                column: "ConsentId");

            migrationBuilder.CreateIndex(
                name: "IX_DischargePlans_HandoverConsentId",
                table: "DischargePlans",
                column: "HandoverConsentId");

            migrationBuilder.CreateIndex(
                name: "IX_Grants_CaseId",
                table: "Grants",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_LiaisonSheets_ClientId",
                table: "LiaisonSheets",
                column: "ClientId");

            migrationBuilder.CreateIndex(
                name: "IX_LiaisonSheets_ConsentId",
                table: "LiaisonSheets",
                column: "ConsentId");

            migrationBuilder.CreateIndex(
                name: "IX_LiaisonSheets_FromOrganizationId_SentAt",
                table: "LiaisonSheets",
                columns: new[] { "FromOrganizationId", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LiaisonSheets_ToOrganizationId_State",
                table: "LiaisonSheets",
                columns: new[] { "ToOrganizationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanService_DischargePlanId",
                table: "PlanService",
                column: "DischargePlanId");

            migrationBuilder.CreateIndex(
                name: "IX_SupportCases_ClientId",
                table: "SupportCases",
                column: "ClientId");

            migrationBuilder.CreateIndex(
                name: "IX_SupportCases_OwnerOrganizationId_Programme_State",
                table: "SupportCases",
                columns: new[] { "OwnerOrganizationId", "Programme", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseNotes");

            migrationBuilder.DropTable(
                name: "ConferenceAttendee");

            migrationBuilder.DropTable(
                name: "ConsentOrganization");

            migrationBuilder.DropTable(
                name: "Grants");

            migrationBuilder.DropTable(
                name: "LiaisonSheets");

            migrationBuilder.DropTable(
                name: "PlanService");

            migrationBuilder.DropTable(
                name: "CaseConferences");

            migrationBuilder.DropTable(
                name: "DischargePlans");

            migrationBuilder.DropTable(
                name: "Consents");

            migrationBuilder.DropTable(
                name: "SupportCases");

            migrationBuilder.DropTable(
                name: "Clients");
        }
    }
}
