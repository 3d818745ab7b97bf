using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Nimo.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Directory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DirectoryLocations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RegionId = table.Column<int>(type: "integer", nullable: true),
                    PostalCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    StreetAddress = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Transportation = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Latitude = table.Column<decimal>(type: "numeric(9,6)", precision: 9, scale: 6, nullable: true),
                    Longitude = table.Column<decimal>(type: "numeric(9,6)", precision: 9, scale: 6, nullable: true),
                    CoordinateSource = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Accessibility = table.Column<int>(type: "integer", nullable: false),
                    AccessibilityNotes = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    IsConfidential = table.Column<bool>(type: "boolean", nullable: false),
                    LastModified = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryLocations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DirectoryLocations_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DirectoryLocations_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryOrganizations",
                columns: table => new
                {
                    OrganizationId = table.Column<int>(type: "integer", nullable: false),
                    HsdsId = table.Column<Guid>(type: "uuid", nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Website = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Email = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryOrganizations", x => x.OrganizationId);
                    table.ForeignKey(
                        name: "FK_DirectoryOrganizations_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryServices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kana = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    AlternateName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Eligibility = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Fees = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ApplicationProcess = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Email = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    MinimumAge = table.Column<int>(type: "integer", nullable: true),
                    MaximumAge = table.Column<int>(type: "integer", nullable: true),
                    Alert = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    AssuredDate = table.Column<DateOnly>(type: "date", nullable: true),
                    IsPublished = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastModified = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SearchKey = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryServices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DirectoryServices_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryStamps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Token = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryStamps", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GeocodePoints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    PrefectureName = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    CityName = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    TownName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    BlockNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    CityKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    TownKey = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Latitude = table.Column<decimal>(type: "numeric(9,6)", precision: 9, scale: 6, nullable: false),
                    Longitude = table.Column<decimal>(type: "numeric(9,6)", precision: 9, scale: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GeocodePoints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Taxonomies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Uri = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    VocabularyVersion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Taxonomies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OrganizationIdentifier",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Value = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrganizationIdentifier", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OrganizationIdentifier_DirectoryOrganizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "DirectoryOrganizations",
                        principalColumn: "OrganizationId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RequiredDocument",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Document = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequiredDocument", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RequiredDocument_DirectoryServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "DirectoryServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ServiceArea",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    RegionId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceArea", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceArea_DirectoryServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "DirectoryServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ServiceArea_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ServiceAtLocations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    LocationId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceAtLocations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceAtLocations_DirectoryLocations_LocationId",
                        column: x => x.LocationId,
                        principalTable: "DirectoryLocations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ServiceAtLocations_DirectoryServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "DirectoryServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ServiceLanguage",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceLanguage", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceLanguage_DirectoryServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "DirectoryServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ServicePhone",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Description = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SortOrder = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServicePhone", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServicePhone_DirectoryServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "DirectoryServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ServiceProposals",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: true),
                    OrganizationId = table.Column<int>(type: "integer", nullable: false),
                    ContentJson = table.Column<string>(type: "character varying(64000)", maxLength: 64000, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ProposedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ProposedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReviewedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ReviewNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceProposals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceProposals_DirectoryServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "DirectoryServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ServiceProposals_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ServiceRevisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ProposalId = table.Column<int>(type: "integer", nullable: true),
                    ChangesJson = table.Column<string>(type: "character varying(64000)", maxLength: 64000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceRevisions_DirectoryServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "DirectoryServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ServiceSchedule",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Rule = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OpensAt = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    ClosesAt = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    Notes = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SortOrder = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceSchedule", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceSchedule_DirectoryServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "DirectoryServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TaxonomyTerms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TaxonomyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ParentId = table.Column<Guid>(type: "uuid", nullable: true),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaxonomyTerms", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TaxonomyTerms_Taxonomies_TaxonomyId",
                        column: x => x.TaxonomyId,
                        principalTable: "Taxonomies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ServiceTerm",
                columns: table => new
                {
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    TermId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceTerm", x => new { x.ServiceId, x.TermId });
                    table.ForeignKey(
                        name: "FK_ServiceTerm_DirectoryServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "DirectoryServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ServiceTerm_TaxonomyTerms_TermId",
                        column: x => x.TermId,
                        principalTable: "TaxonomyTerms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "DirectoryStamps",
                columns: new[] { "Id", "Token" },
                values: new object[] { 1, new Guid("0d7c3f1e-2a6b-4e8f-9c1d-5b3a7e9f0c21") });

            migrationBuilder.InsertData(
                table: "Taxonomies",
                columns: new[] { "Id", "Code", "Description", "Name", "Uri", "VocabularyVersion" },
                values: new object[,]
                {
                    { new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), "shogai-fukushi-service", "障害者総合支援法による障害福祉サービス・相談支援・地域生活支援事業の種別。", "障害福祉サービス種別", null, "令和7年度" },
                    { new Guid("c859c4c6-8e48-54f9-b4c9-a179f8614f43"), "nimo-category", "精神障害にも対応した地域包括ケアシステムを構成する8つの分野(医療、障害福祉、介護、住まい、社会参加・就労、相談窓口、地域の助け合い、普及啓発)。", "にも包括の8分野", null, "2026" }
                });

            migrationBuilder.InsertData(
                table: "TaxonomyTerms",
                columns: new[] { "Id", "Code", "Description", "IsActive", "Name", "ParentId", "SortOrder", "TaxonomyId", "Version" },
                values: new object[,]
                {
                    { new Guid("0a4f62ab-5468-52de-823a-6e521fbd9108"), "employment-a", "", true, "就労継続支援A型", new Guid("dd725f92-7612-521e-926c-a2ff557c51f0"), 17, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("0c35cf03-6e06-508e-a906-92b2001dd267"), "comprehensive-support", "", true, "重度障害者等包括支援", new Guid("7e95e149-63d1-59f5-9c0f-122bafa77ade"), 5, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("0c5a15e3-9d27-5efd-84dc-bbbb67f3cc80"), "severe-visiting-care", "", true, "重度訪問介護", new Guid("7e95e149-63d1-59f5-9c0f-122bafa77ade"), 2, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("0d5f3ab0-0a73-52b6-8c2f-f459f46a6d5a"), "counselling", "", true, "相談支援", null, 21, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("1c218d6c-545c-55d3-a66d-d0c0add53e05"), "employment-retention", "", true, "就労定着支援", new Guid("dd725f92-7612-521e-926c-a2ff557c51f0"), 19, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("1c5819f1-9bf3-56f4-94c5-31ea5727e0b8"), "general-counselling", "", true, "一般相談支援(地域移行支援・地域定着支援)", new Guid("0d5f3ab0-0a73-52b6-8c2f-f459f46a6d5a"), 23, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("1d5251f5-8942-5d75-b4c2-7ee5196cf24c"), "independent-living", "", true, "自立生活援助", new Guid("dd725f92-7612-521e-926c-a2ff557c51f0"), 11, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("1da59b32-836a-5992-ac7a-cc6aca63dcc0"), "lodging-training", "", true, "宿泊型自立訓練", new Guid("dd725f92-7612-521e-926c-a2ff557c51f0"), 15, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("2175af0a-58a9-5cdd-b5ef-dd90092beaff"), "housing", "グループホーム、住まい探しの相談、居住支援など", true, "住まい", null, 3, new Guid("c859c4c6-8e48-54f9-b4c9-a179f8614f43"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("2886daa2-47f5-53f2-b0d9-49b61e90f89c"), "residential-support", "", true, "施設入所支援", new Guid("7e95e149-63d1-59f5-9c0f-122bafa77ade"), 9, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("306a5e0d-f89a-5b80-8272-ac50cd7dd682"), "awareness", "講演会、講座、冊子など、こころの健康を知るための取組", true, "普及啓発", null, 7, new Guid("c859c4c6-8e48-54f9-b4c9-a179f8614f43"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("42a22be9-5143-5ad7-bb82-769660937c8e"), "participation", "就労支援、日中の居場所、デイケア以外の通いの場など", true, "社会参加・就労", null, 4, new Guid("c859c4c6-8e48-54f9-b4c9-a179f8614f43"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("4483d585-9d20-5196-84f2-552102fe95a5"), "consultation", "こころの健康や暮らしの困りごとの相談窓口", true, "相談窓口", null, 5, new Guid("c859c4c6-8e48-54f9-b4c9-a179f8614f43"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("481efbd5-2de8-50f5-be9a-3eb3528ef1aa"), "long-term-care", "介護保険のサービス、地域包括支援センターなど", true, "介護", null, 2, new Guid("c859c4c6-8e48-54f9-b4c9-a179f8614f43"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("5249e316-cef5-5906-bca3-5ae42c48decf"), "accompanying", "", true, "同行援護", new Guid("7e95e149-63d1-59f5-9c0f-122bafa77ade"), 3, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("52a58e01-4076-5e8a-ae56-013e555e3f36"), "behaviour-support", "", true, "行動援護", new Guid("7e95e149-63d1-59f5-9c0f-122bafa77ade"), 4, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("5ca88382-a27f-518f-9175-66b91f8cc6d8"), "daily-life-care", "", true, "生活介護", new Guid("7e95e149-63d1-59f5-9c0f-122bafa77ade"), 8, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("61499f6d-59f1-50ea-b8f4-305643b217a5"), "disability-welfare", "障害福祉サービスの事業所、地域活動支援センターなど", true, "障害福祉", null, 1, new Guid("c859c4c6-8e48-54f9-b4c9-a179f8614f43"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("7ce830bc-f411-5008-883f-8fe5eb7e58c4"), "medical", "精神科の病院・診療所、訪問看護、デイケアなど", true, "医療", null, 0, new Guid("c859c4c6-8e48-54f9-b4c9-a179f8614f43"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("7e95e149-63d1-59f5-9c0f-122bafa77ade"), "care-benefits", "", true, "介護給付", null, 0, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("7f64ed08-1e7b-58b0-aeb3-6221554f1eb2"), "employment-b", "", true, "就労継続支援B型", new Guid("dd725f92-7612-521e-926c-a2ff557c51f0"), 18, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("868c619d-4f85-5e78-9104-cb923d41ac92"), "life-training", "", true, "自立訓練(生活訓練)", new Guid("dd725f92-7612-521e-926c-a2ff557c51f0"), 14, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("8895d35f-4c2a-54d4-8bf3-d3516ef408cc"), "group-home", "", true, "共同生活援助(グループホーム)", new Guid("dd725f92-7612-521e-926c-a2ff557c51f0"), 12, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("9ee2d7d3-d613-5b0a-b565-a643b1f9dc13"), "home-help", "", true, "居宅介護", new Guid("7e95e149-63d1-59f5-9c0f-122bafa77ade"), 1, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("a3228305-0376-550a-8d36-0ae39c036501"), "short-stay", "", true, "短期入所", new Guid("7e95e149-63d1-59f5-9c0f-122bafa77ade"), 6, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("abaddd47-445e-548a-9a3f-5f8ebaa96fa7"), "specific-counselling", "", true, "特定相談支援(計画相談支援)", new Guid("0d5f3ab0-0a73-52b6-8c2f-f459f46a6d5a"), 24, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("b8577451-4144-546f-bf0d-c894c9157cf2"), "community-activity", "", true, "地域活動支援センター", new Guid("f69516f0-9a0e-53cc-a0b2-0204bc27d60a"), 27, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("c92460a1-868b-5727-87a2-cb20283e4fe6"), "mutual-aid", "家族会、自助グループ、ピアサポート、地域のサロンなど", true, "地域の助け合い", null, 6, new Guid("c859c4c6-8e48-54f9-b4c9-a179f8614f43"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("d4b7730e-a71c-57c5-a90f-882f1eed7635"), "child-counselling", "", true, "障害児相談支援", new Guid("0d5f3ab0-0a73-52b6-8c2f-f459f46a6d5a"), 25, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("dc6868f8-0082-5ad6-a1d7-596f89beb435"), "employment-transition", "", true, "就労移行支援", new Guid("dd725f92-7612-521e-926c-a2ff557c51f0"), 16, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("dd725f92-7612-521e-926c-a2ff557c51f0"), "training-benefits", "", true, "訓練等給付", null, 10, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("e00b5365-0dfa-5e6c-b1a3-963cf15fff1c"), "functional-training", "", true, "自立訓練(機能訓練)", new Guid("dd725f92-7612-521e-926c-a2ff557c51f0"), 13, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("e7e93ea1-79be-5171-8be0-a8ea513e0cc3"), "employment-selection", "", true, "就労選択支援", new Guid("dd725f92-7612-521e-926c-a2ff557c51f0"), 20, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("f05c82cf-6a21-5a83-a7e2-487bbc404b8b"), "medical-care", "", true, "療養介護", new Guid("7e95e149-63d1-59f5-9c0f-122bafa77ade"), 7, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("f53a1560-6f92-5b4d-a576-c812aeca8163"), "core-counselling", "", true, "基幹相談支援センター", new Guid("0d5f3ab0-0a73-52b6-8c2f-f459f46a6d5a"), 22, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") },
                    { new Guid("f69516f0-9a0e-53cc-a0b2-0204bc27d60a"), "community-life", "", true, "地域生活支援事業", null, 26, new Guid("35f0fafb-2220-5c53-972e-02dee8b49735"), new Guid("00000000-0000-0000-0000-000000000000") }
                });

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryLocations_OrganizationId_Name",
                table: "DirectoryLocations",
                columns: new[] { "OrganizationId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryLocations_RegionId",
                table: "DirectoryLocations",
                column: "RegionId");

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryOrganizations_HsdsId",
                table: "DirectoryOrganizations",
                column: "HsdsId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryServices_IsPublished_AssuredDate",
                table: "DirectoryServices",
                columns: new[] { "IsPublished", "AssuredDate" });

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryServices_OrganizationId_Name",
                table: "DirectoryServices",
                columns: new[] { "OrganizationId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_GeocodePoints_CityKey_Level",
                table: "GeocodePoints",
                columns: new[] { "CityKey", "Level" });

            migrationBuilder.CreateIndex(
                name: "IX_OrganizationIdentifier_Kind_Value",
                table: "OrganizationIdentifier",
                columns: new[] { "Kind", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_OrganizationIdentifier_OrganizationId",
                table: "OrganizationIdentifier",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_RequiredDocument_ServiceId",
                table: "RequiredDocument",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceArea_RegionId",
                table: "ServiceArea",
                column: "RegionId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceArea_ServiceId_RegionId",
                table: "ServiceArea",
                columns: new[] { "ServiceId", "RegionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceAtLocations_LocationId",
                table: "ServiceAtLocations",
                column: "LocationId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceAtLocations_ServiceId_LocationId",
                table: "ServiceAtLocations",
                columns: new[] { "ServiceId", "LocationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceLanguage_ServiceId",
                table: "ServiceLanguage",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_ServicePhone_ServiceId",
                table: "ServicePhone",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceProposals_OrganizationId",
                table: "ServiceProposals",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceProposals_ServiceId",
                table: "ServiceProposals",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceProposals_Status_OrganizationId",
                table: "ServiceProposals",
                columns: new[] { "Status", "OrganizationId" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRevisions_ServiceId_At",
                table: "ServiceRevisions",
                columns: new[] { "ServiceId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceSchedule_ServiceId",
                table: "ServiceSchedule",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceTerm_TermId",
                table: "ServiceTerm",
                column: "TermId");

            migrationBuilder.CreateIndex(
                name: "IX_Taxonomies_Code",
                table: "Taxonomies",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TaxonomyTerms_TaxonomyId_Code",
                table: "TaxonomyTerms",
                columns: new[] { "TaxonomyId", "Code" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DirectoryStamps");

            migrationBuilder.DropTable(
                name: "GeocodePoints");

            migrationBuilder.DropTable(
                name: "OrganizationIdentifier");

            migrationBuilder.DropTable(
                name: "RequiredDocument");

            migrationBuilder.DropTable(
                name: "ServiceArea");

            migrationBuilder.DropTable(
                name: "ServiceAtLocations");

            migrationBuilder.DropTable(
                name: "ServiceLanguage");

            migrationBuilder.DropTable(
                name: "ServicePhone");

            migrationBuilder.DropTable(
                name: "ServiceProposals");

            migrationBuilder.DropTable(
                name: "ServiceRevisions");

            migrationBuilder.DropTable(
                name: "ServiceSchedule");

            migrationBuilder.DropTable(
                name: "ServiceTerm");

            migrationBuilder.DropTable(
                name: "DirectoryOrganizations");

            migrationBuilder.DropTable(
                name: "DirectoryLocations");

            migrationBuilder.DropTable(
                name: "DirectoryServices");

            migrationBuilder.DropTable(
                name: "TaxonomyTerms");

            migrationBuilder.DropTable(
                name: "Taxonomies");
        }
    }
}
