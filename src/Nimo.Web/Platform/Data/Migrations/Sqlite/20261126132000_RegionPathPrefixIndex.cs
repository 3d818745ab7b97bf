using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nimo.Platform.Data.Migrations.Sqlite
{
    /// <summary>
    /// Every scope filter is <c>Region.Path.StartsWith(root)</c>, which EF writes as <c>Path LIKE @p ESCAPE '\'</c>. SQLite's
    /// LIKE is case-insensitive, so it can walk an index only if that index uses the NOCASE collation; the unique index on
    /// Path uses BINARY, and every such filter scanned its table (the home page's organisation count read all 20,000
    /// organisations of the nation for a 保健所 that has 12). Paths are lower-case hex, so NOCASE orders them as BINARY does.
    /// The model has no way to say an index's collation on SQLite, hence SQL here, and no change to the model snapshot.
    /// PostgreSQL has no such index: see docs/decisions/0019.
    /// </summary>
    [DbContext(typeof(SqliteNimoDbContext))]
    [Migration("20261126132000_RegionPathPrefixIndex")]
    public partial class RegionPathPrefixIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX \"IX_Regions_Path_Prefix\" ON \"Regions\" (\"Path\" COLLATE NOCASE);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX \"IX_Regions_Path_Prefix\";");
        }
    }
}
