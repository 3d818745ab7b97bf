using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nimo.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RegionProfiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "NationalTargets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Plan = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TargetFiscalYear = table.Column<int>(type: "INTEGER", nullable: false),
                    Figure = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Comparison = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Value = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    UpperValue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    IsVerified = table.Column<bool>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NationalTargets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RegionProfiles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionId = table.Column<int>(type: "INTEGER", nullable: false),
                    FiscalYear = table.Column<int>(type: "INTEGER", nullable: false),
                    Activities = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    InconsistencyReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegionProfiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RegionProfiles_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ProfileFigures",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProfileId = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Value = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    AsOfPrecision = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    AsOfYear = table.Column<int>(type: "INTEGER", nullable: false),
                    AsOfMonth = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AreaRegionId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProfileFigures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProfileFigures_RegionProfiles_ProfileId",
                        column: x => x.ProfileId,
                        principalTable: "RegionProfiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ProfileFigures_Regions_AreaRegionId",
                        column: x => x.AreaRegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_NationalTargets_Plan_Figure",
                table: "NationalTargets",
                columns: new[] { "Plan", "Figure" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProfileFigures_AreaRegionId",
                table: "ProfileFigures",
                column: "AreaRegionId");

            migrationBuilder.CreateIndex(
                name: "IX_ProfileFigures_ProfileId_Key",
                table: "ProfileFigures",
                columns: new[] { "ProfileId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RegionProfiles_RegionId_FiscalYear",
                table: "RegionProfiles",
                columns: new[] { "RegionId", "FiscalYear" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NationalTargets");

            migrationBuilder.DropTable(
                name: "ProfileFigures");

            migrationBuilder.DropTable(
                name: "RegionProfiles");
        }
    }
}
